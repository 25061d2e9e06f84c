package dev.junctionmq.bench.engine;

import dev.junctionmq.bench.store.PhaseCounts;
import dev.junctionmq.bench.store.Timeline;
import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.engine.message.OutgoingMessage;

/**
 * One producer thread: stamp the body, {@code engine.send(...).join()}, repeat until the measurement window ends.
 * The engine picks the queue round robin. Counts sends by the {@link Timeline.Phase} in which they completed and
 * records the send latency of the measured ones; read the results only after the thread has ended.
 */
final class EngineProducer implements Runnable {

    private final Engine engine;
    private final String topic;
    private final int index;
    private final byte[] body;
    private final Timeline timeline;
    private long sent;
    private final PhaseCounts counts;
    private Throwable failure;

    EngineProducer(Engine engine, String topic, int index, byte[] filler, Timeline timeline) {
        this.engine = engine;
        this.topic = topic;
        this.index = index;
        this.body = filler.clone();
        this.timeline = timeline;
        this.counts = new PhaseCounts(timeline);
    }

    @Override
    public void run() {
        try {
            while (!timeline.sendingOver(System.nanoTime())) {
                long start = System.nanoTime();
                // Reusing the body is safe: join() returns after the store has copied it into the log.
                BodyStamp.write(body, start, index, sent);
                engine.send(OutgoingMessage.builder(topic).body(body).build()).join();
                long done = System.nanoTime();
                sent++;
                counts.record(start, done);
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    int index() {
        return index;
    }

    /** Sends that completed: this producer's messages carry sequence numbers 0 to {@code sent() - 1}. */
    long sent() {
        return sent;
    }

    /** Completed sends by phase, with latencies; read only after the thread has ended. */
    PhaseCounts counts() {
        return counts;
    }

    Throwable failure() {
        return failure;
    }
}
