package dev.junctionmq.bench.engine;

import dev.junctionmq.broker.store.FlushMode;

import java.util.Objects;

/**
 * One configuration of the engine benchmark: flush mode, producer threads, members of the one consumer group,
 * queues of the topic and body size.
 */
public record EngineCell(FlushMode mode, int producers, int consumers, int queues, int bodySize) {

    public EngineCell {
        Objects.requireNonNull(mode, "mode");
        if (producers < 1 || consumers < 1) {
            throw new IllegalArgumentException("at least one producer and one consumer are needed: " + producers
                    + "/" + consumers);
        }
        if (queues < 1) {
            throw new IllegalArgumentException("the topic needs at least one queue: " + queues);
        }
        if (bodySize < BodyStamp.SIZE) {
            throw new IllegalArgumentException("body must hold the " + BodyStamp.SIZE + "-byte stamp: " + bodySize);
        }
    }

    /** ASYNC / SYNC, as the table prints it. */
    public String modeLabel() {
        return mode == FlushMode.SYNC_FLUSH ? "SYNC" : "ASYNC";
    }

    @Override
    public String toString() {
        return modeLabel() + " " + producers + "p/" + consumers + "c queues=" + queues + " body=" + bodySize;
    }
}
