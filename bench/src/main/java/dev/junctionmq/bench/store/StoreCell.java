package dev.junctionmq.bench.store;

import dev.junctionmq.broker.store.FlushMode;

import java.util.Objects;

/** One configuration of the store benchmark: flush mode, body size and number of producer threads. */
public record StoreCell(FlushMode mode, int bodySize, int producers) {

    public StoreCell {
        Objects.requireNonNull(mode, "mode");
        if (bodySize < 0) {
            throw new IllegalArgumentException("body size must not be negative: " + bodySize);
        }
        if (producers < 1) {
            throw new IllegalArgumentException("at least one producer is needed: " + producers);
        }
    }

    /** ASYNC / SYNC, as the table prints it. */
    public String modeLabel() {
        return mode == FlushMode.SYNC_FLUSH ? "SYNC" : "ASYNC";
    }

    @Override
    public String toString() {
        return modeLabel() + " body=" + bodySize + " producers=" + producers;
    }
}
