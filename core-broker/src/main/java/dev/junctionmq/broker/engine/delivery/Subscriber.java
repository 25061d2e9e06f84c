package dev.junctionmq.broker.engine.delivery;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One consumer's handle on a subscription. Messages arrive only against credit: the engine never reads more of
 * the store for a subscriber than it has credit for, so a consumer that stops reading costs disk, not heap.
 * Acknowledge, reject or release every delivery through the subscriber that received it; closing the subscriber
 * releases what it still holds to the other members of its group.
 */
public final class Subscriber implements AutoCloseable {

    private final SubscriptionSpec spec;
    private final DeliveryListener listener;
    private final SubscriptionManager manager;
    private final AtomicInteger credit = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Cursors that found no credit while another cursor held it; pumped again when credit comes back. */
    private final java.util.Set<QueueCursor> starved = java.util.concurrent.ConcurrentHashMap.newKeySet();
    volatile ConsumerGroup group;

    Subscriber(SubscriptionSpec spec, DeliveryListener listener, SubscriptionManager manager) {
        this.spec = spec;
        this.listener = listener;
        this.manager = manager;
    }

    public SubscriptionSpec spec() {
        return spec;
    }

    /** Allows {@code messages} more deliveries. */
    public void grantCredit(int messages) {
        if (messages <= 0) {
            return;
        }
        credit.addAndGet(messages);
        manager.creditGranted(this);
    }

    /** Deliveries still allowed. */
    public int credit() {
        return credit.get();
    }

    /** Takes back all unused credit (AMQP drain, STOMP unsubscribe); returns how much there was. */
    public int drainCredit() {
        return credit.getAndSet(0);
    }

    /** The message was processed: it will not be delivered again. */
    public void ack(Delivery delivery) {
        delivery.cursor.ack(delivery.queueOffset);
    }

    /**
     * Processing failed: the message is delivered again later through the group's retry queue, or moved to the
     * group's dead-letter queue once it has failed more than the maximum reconsume count.
     */
    public void reject(Delivery delivery) {
        delivery.cursor.fail(delivery.queueOffset);
    }

    /** Not processed, not a failure (a consumer giving back prefetched messages): delivered again, uncounted. */
    public void release(Delivery delivery) {
        delivery.cursor.release(delivery.queueOffset);
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Leaves the group; what this subscriber holds unacknowledged goes to the other members. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            manager.unsubscribe(this);
        }
    }

    DeliveryListener listener() {
        return listener;
    }

    boolean tryAcquireCredit() {
        return acquireCredit(1) == 1;
    }

    int acquireCredit(int max) {
        while (true) {
            int current = credit.get();
            if (current <= 0 || closed.get()) {
                return 0;
            }
            int taken = Math.min(current, max);
            if (credit.compareAndSet(current, current - taken)) {
                return taken;
            }
        }
    }

    void returnCredit(int messages) {
        if (messages > 0 && !closed.get()) {
            credit.addAndGet(messages);
            wakeStarved();
        }
    }

    void markStarved(QueueCursor cursor) {
        starved.add(cursor);
        if (credit.get() > 0) {
            wakeStarved(); // credit came back between the cursor's attempt and now
        }
    }

    private void wakeStarved() {
        for (QueueCursor cursor : starved) {
            if (starved.remove(cursor)) {
                cursor.schedulePump();
            }
        }
    }

    @Override
    public String toString() {
        return spec.group() + "/" + spec.memberId();
    }
}
