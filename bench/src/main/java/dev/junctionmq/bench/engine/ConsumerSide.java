package dev.junctionmq.bench.engine;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.store.PhaseCounts;
import dev.junctionmq.bench.store.Timeline;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.DeliveryListener;
import dev.junctionmq.broker.engine.delivery.Subscriber;

/**
 * One member of the benchmark's consumer group. On each delivery (on an engine delivery thread, possibly two at
 * once) it takes the receive time, acknowledges the delivery, records the end-to-end latency — receive time minus
 * the send time stamped in the body — if the message arrived inside the measurement window, notes the message in
 * the shared {@link DeliveryLedger} and grants one credit back. Receives are counted by the {@link Timeline.Phase}
 * in which they arrived; {@code TAIL} is the drain after the producers stopped.
 */
final class ConsumerSide implements DeliveryListener {

    private final DeliveryLedger ledger;
    private volatile Subscriber subscriber;
    /** Receives by phase; TAIL is the drain. Guarded by this. */
    private PhaseCounts counts;

    ConsumerSide(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /** Starts the deliveries: nothing arrives before the first credit, and the timeline is set before that. */
    void start(Subscriber subscribedAs, Timeline cellTimeline, int initialCredit) {
        this.subscriber = subscribedAs;
        synchronized (this) {
            this.counts = new PhaseCounts(cellTimeline);
        }
        subscribedAs.grantCredit(initialCredit);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        long received = System.nanoTime();
        Subscriber self = subscriber;
        // Ack before the ledger can declare the drain complete: the ack is then queued before the engine closes.
        self.ack(delivery);
        byte[] body = delivery.message().bodyUnsafe();
        if (body.length < BodyStamp.SIZE) {
            ledger.recordMalformed();
        } else {
            count(received, BodyStamp.sentNanos(body));
            ledger.record(BodyStamp.producer(body), BodyStamp.sequence(body));
        }
        self.grantCredit(1);
    }

    private synchronized void count(long received, long sent) {
        counts.record(sent, received);
    }

    synchronized long warmUp() {
        return counts.warmUp();
    }

    synchronized long measured() {
        return counts.measured();
    }

    /** Receives after the window: the drain. */
    synchronized long drain() {
        return counts.tail();
    }

    synchronized long received() {
        return counts.total();
    }

    /** End-to-end latencies of the measured receives; a copy, safe to merge. */
    synchronized LatencyHistogram latencies() {
        LatencyHistogram copy = new LatencyHistogram();
        copy.add(counts.latencies());
        return copy;
    }
}
