package dev.junctionmq.bench.amqp;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.Units;

/**
 * The outcome of one {@link AmqpWorkload} against one broker.
 *
 * @param broker      which broker ("junction", "artemis")
 * @param received    distinct measured messages received
 * @param lost        measured messages sent but never received
 * @param duplicates  measured messages received more than once
 * @param windowNanos from the first measured send to the receipt of the last measured message
 * @param latency     send → receive of each measured message (the sender's nanoTime travels in a property)
 * @param failure     why the run stopped early, or null
 */
public record AmqpLoadResult(String broker, AmqpWorkload workload, long received, long lost, long duplicates,
                             long windowNanos, LatencyHistogram latency, String failure) {

    public double messagesPerSecond() {
        return Units.perSecond(received, windowNanos);
    }

    public long p99Nanos() {
        return latency.percentileNanos(99);
    }

    public boolean exact() {
        return failure == null && lost == 0 && duplicates == 0 && received == workload.measuredTotal();
    }
}
