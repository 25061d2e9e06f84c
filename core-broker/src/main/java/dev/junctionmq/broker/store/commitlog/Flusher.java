package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;

import java.util.concurrent.CompletableFuture;

/** Forces written records to disk and decides when an append is acknowledged. */
interface Flusher {

    void start();

    /**
     * Called right after a record was written (under the append lock, so in commit-log order).
     *
     * @return the future the producer waits on
     */
    CompletableFuture<AppendResult> written(AppendResult result);

    /** Completes everything handed over so far and ends the flusher thread. */
    void stop();
}
