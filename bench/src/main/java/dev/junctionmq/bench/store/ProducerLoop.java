package dev.junctionmq.bench.store;

import dev.junctionmq.bench.LatencyHistogram;
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
    private final LatencyHistogram latencies = new LatencyHistogram();
    private long warmUp;
    private long measured;
    private long tail;
    private int recordSize;
    private Throwable failure;

    ProducerLoop(MessageStore store, String topic, int queueId, byte[] body, Timeline timeline) {
        this.store = store;
        this.topic = topic;
        this.queueId = queueId;
        this.body = body;
        this.timeline = timeline;
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
                count(sent, done);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void count(long sent, long done) {
        switch (timeline.phaseOf(done)) {
            case WARM_UP -> warmUp++;
            case MEASURED -> {
                measured++;
                latencies.record(done - sent);
            }
            case TAIL -> tail++;
        }
    }

    long warmUp() {
        return warmUp;
    }

    long measured() {
        return measured;
    }

    long tail() {
        return tail;
    }

    long total() {
        return warmUp + measured + tail;
    }

    int queueId() {
        return queueId;
    }

    int recordSize() {
        return recordSize;
    }

    LatencyHistogram latencies() {
        return latencies;
    }

    Throwable failure() {
        return failure;
    }
}
