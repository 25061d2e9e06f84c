package dev.junctionmq.bench.store;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.record.MessageToAppend;

/**
 * One producer of a store cell: appends to its own queue, one send at a time, until the measurement window ends,
 * counting appends per {@link Timeline.Phase} with the latency of the measured ones. How it waits for each
 * acknowledgement is up to its subclass: a thread of its own, or a session on a shared thread.
 */
abstract class Producer {

    private final MessageStore store;
    private final String topic;
    private final int queueId;
    private final byte[] body;
    private final Timeline timeline;
    private final PhaseCounts counts;
    private int recordSize;
    private volatile Throwable failure;

    Producer(MessageStore store, String topic, int queueId, byte[] body, Timeline timeline) {
        this.store = store;
        this.topic = topic;
        this.queueId = queueId;
        this.body = body;
        this.timeline = timeline;
        this.counts = new PhaseCounts(timeline);
    }

    /** True once no more sends should start. */
    final boolean sendingOver() {
        return timeline.sendingOver(System.nanoTime());
    }

    /** Builds the next message, as a client would for each send. */
    final MessageToAppend nextMessage() {
        return MessageToAppend.builder(topic).queueId(queueId).body(body).tags("t").build();
    }

    final MessageStore store() {
        return store;
    }

    /** Counts one acknowledged send made at {@code sentNanos}; on the producer's thread. */
    final void acknowledged(long sentNanos, AppendResult result) {
        long done = System.nanoTime();
        recordSize = result.size();
        counts.record(sentNanos, done);
    }

    final void failed(Throwable t) {
        failure = t;
    }

    int queueId() {
        return queueId;
    }

    /** The commit-log size of this producer's records; read only after it has ended. */
    int recordSize() {
        return recordSize;
    }

    /** Completed sends by phase, with latencies; read only after the producer has ended. */
    PhaseCounts counts() {
        return counts;
    }

    Throwable failure() {
        return failure;
    }
}
