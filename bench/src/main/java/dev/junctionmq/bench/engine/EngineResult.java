package dev.junctionmq.bench.engine;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.Units;

import java.util.List;

/**
 * What one engine cell measured.
 *
 * @param producedWarmUp    sends completed during warm-up
 * @param producedMeasured  sends completed inside the measurement window
 * @param producedTail      sends completed after the window (at most one per producer)
 * @param consumedWarmUp    deliveries received during warm-up
 * @param consumedMeasured  deliveries received inside the measurement window
 * @param consumedDrain     deliveries received after the window, until the count check ended
 * @param perConsumer       deliveries received by each group member, in member order
 * @param ledger            the consumers' deliveries checked against the producers' sequence numbers
 * @param drained           whether every produced message arrived before the drain timeout
 * @param drainNanos        from the last producer's end until all messages had arrived (or the timeout)
 * @param measureNanos      length of the measurement window
 * @param endToEnd          receive time minus send time of the deliveries received inside the window
 * @param send              {@code send().join()} latency of the sends completed inside the window
 */
public record EngineResult(EngineCell cell, long producedWarmUp, long producedMeasured, long producedTail,
                           long consumedWarmUp, long consumedMeasured, long consumedDrain, List<Long> perConsumer,
                           DeliveryCounts ledger, boolean drained, long drainNanos, long measureNanos,
                           LatencyHistogram endToEnd, LatencyHistogram send) {

    public EngineResult {
        perConsumer = List.copyOf(perConsumer);
    }

    public long produced() {
        return producedWarmUp + producedMeasured + producedTail;
    }

    public long consumed() {
        return consumedWarmUp + consumedMeasured + consumedDrain;
    }

    public long lost() {
        return ledger.lost();
    }

    public long duplicates() {
        return ledger.duplicates();
    }

    public long unexpected() {
        return ledger.unexpected();
    }

    /** Every produced message was consumed exactly once, and nothing else was. */
    public boolean exactlyOnce() {
        return drained && ledger.exact() && consumed() == produced() && ledger.deliveries() == consumed();
    }

    public double producedPerSecond() {
        return Units.perSecond(producedMeasured, measureNanos);
    }

    public double consumedPerSecond() {
        return Units.perSecond(consumedMeasured, measureNanos);
    }
}
