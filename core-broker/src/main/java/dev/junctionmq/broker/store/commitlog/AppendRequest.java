package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.record.MessageToAppend;

import java.util.concurrent.CompletableFuture;

/** One message waiting for the store writer, and the future its producer waits on. */
final class AppendRequest {

    final MessageToAppend message;
    final CompletableFuture<AppendResult> future = new CompletableFuture<>();
    /** Set by the writer: the result, and the commit-log offset just past the record. */
    AppendResult result;
    long endOffset;

    AppendRequest(MessageToAppend message) {
        this.message = message;
    }

    void complete() {
        future.complete(result);
    }
}
