package dev.junctionmq.bench.store;

import dev.junctionmq.bench.LatencyHistogram;

/**
 * Completed operations counted by the {@link Timeline.Phase} they completed in, with the latency of the measured
 * ones. Owned by one producer thread; read only after it has ended.
 */
public final class PhaseCounts {

    private final Timeline timeline;
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long warmUp;
    private long measured;
    private long tail;

    public PhaseCounts(Timeline timeline) {
        this.timeline = timeline;
    }

    /** Counts one operation that started at {@code startNanos} and completed at {@code doneNanos}. */
    public void record(long startNanos, long doneNanos) {
        switch (timeline.phaseOf(doneNanos)) {
            case WARM_UP -> warmUp++;
            case MEASURED -> {
                measured++;
                latencies.record(doneNanos - startNanos);
            }
            case TAIL -> tail++;
        }
    }

    public long warmUp() {
        return warmUp;
    }

    public long measured() {
        return measured;
    }

    public long tail() {
        return tail;
    }

    public long total() {
        return warmUp + measured + tail;
    }

    public LatencyHistogram latencies() {
        return latencies;
    }
}
