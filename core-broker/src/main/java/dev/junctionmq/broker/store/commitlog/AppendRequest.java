package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;

import java.util.concurrent.CompletableFuture;

/** A written record waiting to be forced, and the future its producer waits on. */
final class AppendRequest {

    final AppendResult result;
    final long endOffset;
    final CompletableFuture<AppendResult> future = new CompletableFuture<>();

    AppendRequest(AppendResult result) {
        this.result = result;
        this.endOffset = result.commitLogOffset() + result.size();
    }

    void complete() {
        future.complete(result);
    }
}
