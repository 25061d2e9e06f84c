package dev.junctionmq.bench.store;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.record.MessageToAppend;

/**
 * One producer thread's work: build a message, {@code append(...).join()} it, repeat until the measurement
 * window ends, like a RocketMQ producer doing synchronous sends. It counts appends per {@link Timeline.Phase} and
 * records the latency of the measured ones; read the counts only after the thread has ended.
 */
final class ProducerLoop implements Runnable {

    private final MessageStore store;
    private final String topic;
    private final int queueId;
    private final byte[] body;
    private final Timeline timeline;
    private final PhaseCounts counts;
    private int recordSize;
    private Throwable failure;

    ProducerLoop(MessageStore store, String topic, int queueId, byte[] body, Timeline timeline) {
        this.store = store;
        this.topic = topic;
        this.queueId = queueId;
        this.body = body;
        this.timeline = timeline;
        this.counts = new PhaseCounts(timeline);
    }

    @Override
    public void run() {
        try {
            while (!timeline.sendingOver(System.nanoTime())) {
                MessageToAppend message = MessageToAppend.builder(topic).queueId(queueId).body(body).tags("t").build();
                long sent = System.nanoTime();
                AppendResult result = store.append(message).join();
                long done = System.nanoTime();
                recordSize = result.size();
                counts.record(sent, done);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    int queueId() {
        return queueId;
    }

    int recordSize() {
        return recordSize;
    }

    /** Completed sends by phase, with latencies; read only after the thread has ended. */
    PhaseCounts counts() {
        return counts;
    }

    Throwable failure() {
        return failure;
    }
}
