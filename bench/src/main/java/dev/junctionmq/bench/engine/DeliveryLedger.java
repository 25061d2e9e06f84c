package dev.junctionmq.bench.engine;

import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which (producer, sequence) pairs the consumers have received, shared by all consumers of a cell (the engine may
 * deliver from several delivery threads at once). {@link #awaitDistinct} lets the benchmark wait, without polling,
 * until every produced message has arrived.
 */
final class DeliveryLedger {

    private final BitSet[] seen;
    private final AtomicLong deliveries = new AtomicLong();
    private final AtomicLong distinct = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final CountDownLatch reached = new CountDownLatch(1);
    private volatile long target = Long.MAX_VALUE;

    DeliveryLedger(int producers) {
        seen = new BitSet[producers];
        for (int i = 0; i < producers; i++) {
            seen[i] = new BitSet();
        }
    }

    /** Notes one delivery; returns false if it was a duplicate or carried no valid stamp. */
    boolean record(int producer, long sequence) {
        deliveries.incrementAndGet();
        if (producer < 0 || producer >= seen.length || sequence < 0 || sequence >= Integer.MAX_VALUE) {
            malformed.incrementAndGet();
            return false;
        }
        BitSet bits = seen[producer];
        synchronized (bits) {
            if (bits.get((int) sequence)) {
                return false;
            }
            bits.set((int) sequence);
        }
        // Pairs with the read of distinct in awaitDistinct: one of the two sides sees the other's write.
        if (distinct.incrementAndGet() >= target) {
            reached.countDown();
        }
        return true;
    }

    /** A delivery whose body was too short to carry a stamp. */
    void recordMalformed() {
        deliveries.incrementAndGet();
        malformed.incrementAndGet();
    }

    /** Waits until {@code expected} distinct messages have arrived; false on timeout. Call at most once. */
    boolean awaitDistinct(long expected, Duration timeout) throws InterruptedException {
        target = expected;
        return distinct.get() >= expected || reached.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Compares the deliveries so far with what was sent: producer {@code p} sent sequence numbers 0 to
     * {@code sent[p] - 1}. Received numbers outside that range count as unexpected, as do unstamped bodies.
     */
    DeliveryCounts counts(long[] sent) {
        if (sent.length != seen.length) {
            throw new IllegalArgumentException("expected " + seen.length + " producers, got " + sent.length);
        }
        long lost = 0;
        long unexpected = malformed.get();
        for (int p = 0; p < seen.length; p++) {
            synchronized (seen[p]) {
                int limit = (int) Math.min(sent[p], Integer.MAX_VALUE);
                long received = seen[p].get(0, limit).cardinality();
                lost += sent[p] - received;
                unexpected += seen[p].cardinality() - received;
            }
        }
        long all = deliveries.get();
        long unique = distinct.get();
        return new DeliveryCounts(all, unique, lost, all - unique - malformed.get(), unexpected);
    }
}
