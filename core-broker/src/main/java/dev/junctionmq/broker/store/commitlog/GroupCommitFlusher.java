package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code SYNC_FLUSH}: the second half of group commit (the BookKeeper journal pattern). One thread takes every
 * written-but-unforced request, forces the log once up to the written offset, and completes them all; requests
 * written while it forces wait for the next force, so concurrent producers share one {@code fsync}.
 */
final class GroupCommitFlusher implements Flusher, Runnable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitFlusher.class);

    private final CommitLog commitLog;
    private final BlockingQueue<AppendRequest> pending;
    private final Thread thread;
    private volatile boolean running = true;

    GroupCommitFlusher(CommitLog commitLog, int capacity) {
        this.commitLog = commitLog;
        this.pending = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this, "junction-store-group-commit");
        this.thread.setDaemon(true);
    }

    @Override
    public void start() {
        thread.start();
    }

    @Override
    public CompletableFuture<AppendResult> written(AppendResult result) {
        AppendRequest request = new AppendRequest(result);
        try {
            pending.put(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.future.completeExceptionally(new IllegalStateException("interrupted before flush"));
        }
        return request.future;
    }

    @Override
    public void run() {
        List<AppendRequest> group = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            AppendRequest first;
            try {
                first = pending.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            group.add(first);
            pending.drainTo(group);
            try {
                // Everything written so far, not only this group: later requests then find their bytes forced.
                commitLog.flush(commitLog.writtenOffset());
                for (AppendRequest request : group) {
                    request.complete();
                }
            } catch (RuntimeException e) {
                log.error("commit log force failed; {} appends fail with it", group.size(), e);
                for (AppendRequest request : group) {
                    request.future.completeExceptionally(e);
                }
            }
            group.clear();
        }
    }

    @Override
    public void stop() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
