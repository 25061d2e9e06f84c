package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.AmqpAddress;
import dev.junctionmq.amqp.message.AmqpSections;
import dev.junctionmq.amqp.message.InboundMapping;
import dev.junctionmq.amqp.message.MalformedMessageException;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.Action;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A link on which the client sends messages to a queue or topic (our end is the receiver). Each complete transfer
 * is mapped ({@link InboundMapping}) and stored; the delivery is settled with accepted once the store has it (or
 * with rejected and an error condition), and one unit of credit goes back. A transfer is bounded while it arrives:
 * a multi-frame message larger than the broker's maximum closes the link with amqp:link:message-size-exceeded.
 * Without a target address (an anonymous relay) each message's {@code to} names its destination.
 */
final class ProducerLink implements AmqpLink {

    private static final Logger log = LoggerFactory.getLogger(ProducerLink.class);

    private final AmqpConnection connection;
    private final Receiver receiver;
    /** The core topic, or null for an anonymous relay. */
    private final String topic;
    private boolean detached;
    /** Settled transfers whose credit has not been given back yet (see returnCredit). */
    private int creditOwed;

    ProducerLink(AmqpConnection connection, Receiver receiver, Target remoteTarget) {
        this.connection = connection;
        this.receiver = receiver;
        Target target = remoteTarget == null ? new Target() : copy(remoteTarget);
        if (remoteTarget != null && remoteTarget.getDynamic()) {
            // a temporary queue or topic (Qpid JMS createTemporaryQueue/Topic), alive as long as the connection
            topic = connection.session().createTemporaryTopic();
            target.setAddress(topic);
        } else if (remoteTarget != null && remoteTarget.getAddress() != null) {
            topic = AmqpAddress.resolve(remoteTarget.getAddress(), remoteTarget.getCapabilities(),
                    connection.settings.prefixes()).name();
            connection.services.auth().authorize(connection.session().principal(), Action.SEND, topic);
        } else {
            topic = null;
        }
        receiver.setTarget(target);
        receiver.setSource(receiver.getRemoteSource());
        receiver.setMaxMessageSize(UnsignedLong.valueOf(connection.settings.maxTransferSize()));
        receiver.setSenderSettleMode(receiver.getRemoteSenderSettleMode());
        receiver.setReceiverSettleMode(receiver.getRemoteReceiverSettleMode());
        receiver.open();
        receiver.flow(connection.settings.producerCredit());
        log.debug("AMQP connection {}: producer link '{}' to {}", connection.connectionId, receiver.getName(),
                topic == null ? "(anonymous relay)" : topic);
    }

    private static Target copy(Target remote) {
        Target target = new Target();
        target.setAddress(remote.getAddress());
        target.setDurable(remote.getDurable());
        target.setExpiryPolicy(remote.getExpiryPolicy());
        target.setTimeout(remote.getTimeout());
        target.setDynamic(remote.getDynamic());
        target.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        target.setCapabilities(remote.getCapabilities());
        return target;
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (detached) {
            return;
        }
        if (delivery.isAborted()) {
            receiver.advance();
            delivery.settle();
            returnCredit();
            return;
        }
        if (delivery.isPartial()) {
            if (delivery.pending() > connection.settings.maxTransferSize()) {
                connection.closeLink(receiver, new ErrorCondition(LinkError.MESSAGE_SIZE_EXCEEDED,
                        "message transfer exceeds " + connection.settings.maxTransferSize() + " bytes (the broker's "
                                + "maximum message size of " + connection.settings.maxMessageSize()
                                + " bytes plus " + AmqpSettings.ENVELOPE_ALLOWANCE + " bytes for its sections)"));
                detached = true;
            }
            return; // wait for the rest of the message
        }
        if (!delivery.isReadable()) {
            return; // a disposition update on an unsettled delivery: nothing to do
        }
        byte[] encoded = new byte[delivery.pending()];
        receiver.recv(encoded, 0, encoded.length);
        receiver.advance();
        DeliveryState state = delivery.getRemoteState();
        Binary transactionId = state instanceof TransactionalState transactional ? transactional.getTxnId() : null;
        try {
            AmqpSections sections = AmqpSections.parse(encoded, connection.codec.decoder());
            String destination = destination(sections);
            OutgoingMessage message = InboundMapping.toOutgoing(destination, sections, System.currentTimeMillis(),
                    connection.remoteAddress, connection.origin);
            if (transactionId != null) {
                AmqpTransaction transaction = connection.transaction(transactionId);
                if (transaction == null) {
                    settle(delivery, rejected(new ErrorCondition(
                            org.apache.qpid.proton.amqp.transaction.TransactionErrors.UNKNOWN_ID,
                            "transaction " + transactionId + " is not declared on this connection")));
                    return;
                }
                transaction.send(message);
                TransactionalState outcome = new TransactionalState();
                outcome.setTxnId(transactionId);
                outcome.setOutcome(Accepted.getInstance());
                settle(delivery, outcome);
                return;
            }
            connection.session().send(message).whenComplete((result, failure) -> connection.handler.execute(() -> {
                if (failure != null) {
                    ErrorCondition condition = AmqpErrors.of(failure);
                    log.warn("AMQP connection {}: message to {} not stored: {}", connection.connectionId,
                            destination, condition.getDescription());
                    settle(delivery, rejected(condition));
                } else {
                    settle(delivery, Accepted.getInstance());
                }
            }));
        } catch (RuntimeException e) {
            ErrorCondition condition = AmqpErrors.of(e);
            log.info("AMQP connection {}: message on link '{}' rejected: {} {}", connection.connectionId,
                    receiver.getName(), condition.getCondition(), condition.getDescription());
            settle(delivery, rejected(condition));
        }
    }

    private String destination(AmqpSections sections) {
        if (topic != null) {
            return topic;
        }
        String to = sections.properties() == null ? null : sections.properties().getTo();
        if (to == null) {
            throw new MalformedMessageException("a message sent on a link without a target address needs a 'to' "
                    + "address in its properties (anonymous relay)");
        }
        String name = AmqpAddress.resolve(to, null, connection.settings.prefixes()).name();
        connection.services.auth().authorize(connection.session().principal(), Action.SEND, name);
        return name;
    }

    private static Rejected rejected(ErrorCondition condition) {
        Rejected rejected = new Rejected();
        rejected.setError(condition);
        return rejected;
    }

    /** Settles the delivery with {@code outcome} (skipped if the client pre-settled it) and returns its credit. */
    private void settle(Delivery delivery, DeliveryState outcome) {
        if (detached) {
            return;
        }
        if (!delivery.remotelySettled()) {
            delivery.disposition(outcome);
        }
        delivery.settle();
        returnCredit();
    }

    /**
     * One settled transfer's credit goes back to the client, in batches of half the link's credit (AMQP 1.0 part 2,
     * 2.6.7 lets the receiver choose when to issue credit): a flow frame per message would double the frames on the
     * wire. The client is never starved, as it still holds at least the other half; what it may send ahead of its
     * dispositions stays bounded by amqp.producerCredit.
     */
    private void returnCredit() {
        creditOwed++;
        if (creditOwed >= Math.max(1, connection.settings.producerCredit() / 2)) {
            receiver.flow(creditOwed);
            creditOwed = 0;
        }
    }

    @Override
    public void onDetach(boolean closed) {
        detached = true;
        log.debug("AMQP connection {}: producer link '{}' detached", connection.connectionId, receiver.getName());
    }
}
