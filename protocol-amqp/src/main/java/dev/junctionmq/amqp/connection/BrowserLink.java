package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.AmqpAddress;
import dev.junctionmq.amqp.message.OutboundMapping;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.security.Action;
import dev.junctionmq.broker.spi.DestinationNames;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A queue browser: a receiving link whose source asks for distribution-mode {@code copy} (AMQP 1.0 part 3, 3.5.3;
 * Qpid JMS QueueBrowser). It is shown the messages the queue's consumer group has still to consume (see
 * {@code BrokerSession.browse}), oldest first, up to {@code amqp.browseLimit}, through the selector if any, without
 * consuming them; transfers are pre-settled. The store is read off the event loop. Once all are sent a drain
 * request is answered at once, which is how the client learns the enumeration has ended.
 */
final class BrowserLink implements AmqpLink {

    private static final Logger log = LoggerFactory.getLogger(BrowserLink.class);

    private final AmqpConnection connection;
    private final Sender sender;
    /** Null until the store has been read (off the event loop). */
    private List<Message> messages;
    private int next;
    private long tagSequence;
    private boolean detached;

    BrowserLink(AmqpConnection connection, Sender sender, Source remoteSource) {
        this.connection = connection;
        this.sender = sender;
        AmqpAddress address = AmqpAddress.resolve(remoteSource.getAddress(), remoteSource.getCapabilities(),
                connection.settings.prefixes());
        SourceFilters filters = SourceFilters.of(remoteSource, connection.origin);
        MessageFilter filter = filters.filter();
        connection.services.auth().authorize(connection.session().principal(), Action.BROWSE, address.name());
        Source source = ConsumerLink.copy(remoteSource);
        source.setFilter(filters.accepted().isEmpty() ? null : filters.accepted());
        sender.setSource(source);
        sender.setTarget(sender.getRemoteTarget());
        sender.setSenderSettleMode(SenderSettleMode.SETTLED);
        sender.setReceiverSettleMode(sender.getRemoteReceiverSettleMode());
        sender.open();
        // A queue browser shows what the queue's consumer group has still to consume (acknowledged messages are
        // gone, delivered but unacknowledged ones are shown); reading the store is done off the event loop.
        String group = address.kind() == AmqpAddress.Kind.QUEUE ? DestinationNames.queueGroup(address.name()) : null;
        connection.session().browseAsync(address.name(), group, filter, connection.settings.browseLimit())
                .whenComplete((found, failure) -> connection.handler.execute(() -> {
                    if (failure != null) {
                        connection.closeLink(sender, AmqpErrors.of(failure));
                        return;
                    }
                    messages = found;
                    log.debug("AMQP connection {}: browser link '{}' on '{}' with {} message(s)",
                            connection.connectionId, sender.getName(), address.name(), found.size());
                    onFlow();
                }));
    }

    @Override
    public void onFlow() {
        if (messages == null) {
            return; // still reading the store: sent (and any drain answered) once it is read
        }
        while (!detached && sender.getCredit() > 0 && next < messages.size()) {
            Message message = messages.get(next++);
            byte[] encoded = OutboundMapping.encode(message, 1, connection.codec.encoder());
            Delivery transfer = sender.delivery(ByteBuffer.allocate(Long.BYTES).putLong(++tagSequence).array());
            sender.send(encoded, 0, encoded.length);
            sender.advance();
            transfer.settle();
        }
        if (!detached && sender.getDrain() && sender.getCredit() > 0) {
            sender.drained();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        // transfers are pre-settled: nothing to acknowledge
    }

    @Override
    public void onDetach(boolean closed) {
        detached = true;
    }
}
