package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.AmqpAddress;
import dev.junctionmq.amqp.address.InvalidAddressException;
import dev.junctionmq.amqp.address.SubscriptionTarget;
import dev.junctionmq.amqp.message.OutboundMapping;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.transaction.TransactionalState;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * A link on which the client receives from a queue or topic subscription (our end is the sender), joined to the
 * consumer group {@link SubscriptionTarget} names. Link credit drives delivery (AMQP 1.0 part 2, 2.6.7): the engine
 * subscriber is granted exactly the link credit not yet covered by deliveries on their way, so without credit
 * nothing is read from the store; none is granted while the channel is not writable. Outcomes map to the engine
 * (part 3, 3.4): accepted → ack, released → release, rejected → reject (counted; retry, then dead letter),
 * modified with delivery-failed → reject, other modified → release; a transactional accepted is acknowledged at
 * commit. A link the client asked to be pre-settled (snd-settle-mode settled) is acknowledged once written.
 */
final class ConsumerLink implements AmqpLink {

    private static final Logger log = LoggerFactory.getLogger(ConsumerLink.class);

    private final AmqpConnection connection;
    private final Sender sender;
    private final Subscriber subscriber;
    private final boolean preSettled;
    private final String description;
    /** The group of a durable topic subscription, deleted when the client closes the link for good. */
    private final String durableGroup;
    /**
     * How long the engine may hold credit before a drain takes it back: it reads the store on its own threads, so
     * credit granted a moment ago may still find messages that are stored but not yet read.
     */
    static final long DRAIN_GRACE_MS = 50;

    /** Credit granted to the engine and not yet seen here as a delivery. */
    private int outstanding;
    /** When credit was last granted to the engine (System.nanoTime). */
    private long lastGrantNanos;
    private boolean drainScheduled;
    private long tagSequence;
    private boolean detached;

    ConsumerLink(AmqpConnection connection, Sender sender, Source remoteSource, String linkKey) {
        this.connection = connection;
        this.sender = sender;
        if (remoteSource == null) {
            throw new InvalidAddressException("a receiving link needs a source");
        }
        Source source = copy(remoteSource);
        AmqpAddress address;
        if (remoteSource.getDynamic()) {
            String temporary = connection.session().createTemporaryTopic();
            source.setAddress(temporary);
            address = new AmqpAddress(AmqpAddress.has(remoteSource.getCapabilities(), AmqpAddress.TEMPORARY_TOPIC)
                    ? AmqpAddress.Kind.TOPIC : AmqpAddress.Kind.QUEUE, temporary);
        } else {
            address = AmqpAddress.resolve(remoteSource.getAddress(), remoteSource.getCapabilities(),
                    connection.settings.prefixes());
        }
        SourceFilters filters = SourceFilters.of(remoteSource, connection.origin);
        source.setFilter(filters.accepted().isEmpty() ? null : filters.accepted());
        SubscriptionSpec spec = SubscriptionTarget.spec(address, sender.getName(), remoteSource.getCapabilities(),
                remoteSource.getDurable(), connection.connectionId, connection.containerId(), linkKey,
                filters.filter());
        this.subscriber = connection.session().subscribe(spec,
                delivery -> connection.handler.execute(() -> deliver(delivery)));
        this.preSettled = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
        this.durableGroup = address.kind() == AmqpAddress.Kind.TOPIC && spec.durable() ? spec.group() : null;
        this.description = address.kind().name().toLowerCase(java.util.Locale.ROOT) + " '" + address.name()
                + "' (group " + spec.group() + ")";
        sender.setSource(source);
        sender.setTarget(sender.getRemoteTarget());
        sender.setSenderSettleMode(sender.getRemoteSenderSettleMode());
        sender.setReceiverSettleMode(sender.getRemoteReceiverSettleMode());
        sender.open();
        log.debug("AMQP connection {}: consumer link '{}' on {}, filter {}", connection.connectionId,
                sender.getName(), description, filters.filter());
    }

    static Source copy(Source remote) {
        Source source = new Source();
        source.setAddress(remote.getAddress());
        source.setDurable(remote.getDurable());
        source.setExpiryPolicy(remote.getExpiryPolicy());
        source.setTimeout(remote.getTimeout());
        source.setDynamic(remote.getDynamic());
        source.setDynamicNodeProperties(remote.getDynamicNodeProperties());
        source.setDistributionMode(remote.getDistributionMode());
        source.setDefaultOutcome(remote.getDefaultOutcome());
        source.setOutcomes(remote.getOutcomes());
        source.setCapabilities(remote.getCapabilities());
        return source;
    }

    @Override
    public void onFlow() {
        grant();
    }

    @Override
    public void onWritable() {
        grant();
    }

    private void grant() {
        if (detached) {
            return;
        }
        if (connection.handler.writable()) {
            int wanted = sender.getCredit() - outstanding;
            if (wanted > 0) {
                outstanding += wanted;
                lastGrantNanos = System.nanoTime();
                subscriber.grantCredit(wanted);
            }
        }
        if (sender.getDrain() && !drainScheduled) {
            // AMQP 1.0 part 2, 2.6.7: use the credit or give it back. Credit the engine got only just now is left
            // with it for DRAIN_GRACE_MS first, so a drain (Qpid JMS receiveNoWait with prefetch 0) still receives
            // a message that is stored but not yet read; deliveries meanwhile complete the drain early.
            long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastGrantNanos);
            if (outstanding > 0 && waitedMs < DRAIN_GRACE_MS) {
                drainScheduled = true;
                connection.handler.schedule(this::finishDrain, DRAIN_GRACE_MS - waitedMs);
            } else {
                finishDrain();
            }
        }
    }

    /** Takes back what credit the engine still holds and answers the drain if nothing is on its way. */
    private void finishDrain() {
        drainScheduled = false;
        if (detached || !sender.getDrain()) {
            return;
        }
        outstanding -= subscriber.drainCredit();
        drainIfDone();
    }

    private void drainIfDone() {
        if (sender.getDrain() && outstanding <= 0 && sender.getCredit() > 0) {
            sender.drained();
        }
    }

    /** On the event loop: one engine delivery, against one unit of link credit. */
    private void deliver(dev.junctionmq.broker.engine.delivery.Delivery delivery) {
        outstanding--;
        if (detached || subscriber.isClosed()) {
            if (!subscriber.isClosed()) {
                subscriber.release(delivery);
            }
            return;
        }
        if (sender.getCredit() <= 0) {
            subscriber.release(delivery); // the client lowered its credit meanwhile
            return;
        }
        byte[] encoded = OutboundMapping.encode(delivery.message(), delivery.deliveryCount(),
                connection.codec.encoder());
        Delivery transfer = sender.delivery(nextTag());
        transfer.setContext(delivery);
        sender.send(encoded, 0, encoded.length);
        sender.advance();
        if (preSettled) {
            transfer.settle();
            subscriber.ack(delivery);
        }
        drainIfDone();
    }

    private byte[] nextTag() {
        return ByteBuffer.allocate(Long.BYTES).putLong(++tagSequence).array();
    }

    /** The client settled or changed the state of one of our transfers. */
    @Override
    public void onDelivery(Delivery transfer) {
        if (!(transfer.getContext() instanceof dev.junctionmq.broker.engine.delivery.Delivery delivery)) {
            return;
        }
        DeliveryState state = transfer.getRemoteState();
        if (state == null && !transfer.remotelySettled()) {
            return;
        }
        transfer.setContext(null);
        if (state instanceof TransactionalState transactional) {
            AmqpTransaction transaction = connection.transaction(transactional.getTxnId());
            DeliveryState outcome = (DeliveryState) transactional.getOutcome();
            if (transaction != null && outcome instanceof Accepted) {
                transaction.accept(subscriber, delivery);
            } else if (transaction != null) {
                transaction.atEnd(() -> apply(outcome, delivery));
            } else {
                subscriber.release(delivery); // an unknown transaction: the message is not consumed
            }
        } else {
            apply(state, delivery);
        }
        transfer.settle();
        grant();
    }

    /** AMQP 1.0 part 3, 3.4 (delivery state) → the engine's acknowledgement. */
    private void apply(DeliveryState state, dev.junctionmq.broker.engine.delivery.Delivery delivery) {
        if (subscriber.isClosed()) {
            return; // the engine already returned what this subscriber held
        }
        if (state == null || state instanceof Accepted) {
            subscriber.ack(delivery); // settled without a state: the client consumed it (at most once)
        } else if (state instanceof Rejected) {
            subscriber.reject(delivery);
        } else if (state instanceof Modified modified && Boolean.TRUE.equals(modified.getDeliveryFailed())) {
            subscriber.reject(delivery);
        } else if (state instanceof Released || state instanceof Modified) {
            subscriber.release(delivery);
        } else {
            subscriber.release(delivery);
        }
    }

    @Override
    public void onDetach(boolean closed) {
        if (detached) {
            return;
        }
        detached = true;
        subscriber.close(); // returns what it holds unacknowledged to the group
        if (closed && durableGroup != null) {
            // AMQP 1.0 part 2, 2.6.3: closing a link destroys its terminus, here the durable subscription
            try {
                connection.session().deleteDurableSubscription(durableGroup);
            } catch (IllegalStateException e) {
                log.debug("AMQP connection {}: subscription {} kept: {}", connection.connectionId, durableGroup,
                        e.getMessage());
            }
        }
        log.debug("AMQP connection {}: consumer link '{}' on {} detached{}", connection.connectionId,
                sender.getName(), description, closed ? " (closed)" : "");
    }
}
