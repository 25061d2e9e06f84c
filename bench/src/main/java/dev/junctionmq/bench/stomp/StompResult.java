package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.Units;

/**
 * The outcome of one run against one broker.
 *
 * @param label      which broker (for the table)
 * @param workload   what was run
 * @param received   distinct measured messages received (warm-up excluded)
 * @param lost       measured and warm-up messages sent but never received
 * @param duplicates messages received more than once
 * @param windowNanos from the send of the first measured message to the receipt of the last one
 * @param latency    send → receive of each measured message (nanoTime stamped in a header by the sender)
 * @param failure    why the run stopped early, or null
 */
public record StompResult(String label, StompWorkload workload, long received, long lost, long duplicates,
                          long windowNanos, LatencyHistogram latency, String failure) {

    public double messagesPerSecond() {
        return Units.perSecond(received, windowNanos);
    }

    public boolean exact() {
        return failure == null && lost == 0 && duplicates == 0 && received == workload.messages();
    }
}
