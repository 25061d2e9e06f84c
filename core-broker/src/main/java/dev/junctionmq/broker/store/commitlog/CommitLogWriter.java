package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The single thread that writes records. It takes whatever producers have queued (up to {@link #MAX_BATCH}),
 * writes it in one go, publishes the new written offset once, and hands the batch to the flusher: the first half
 * of group commit. The queue is bounded, so producers that outrun the disk wait instead of filling the heap.
 */
final class CommitLogWriter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(CommitLogWriter.class);
    static final int MAX_BATCH = 1024;

    private final CommitLog commitLog;
    private final Flusher flusher;
    private final BlockingQueue<AppendRequest> queue;
    private final AtomicInteger submitting = new AtomicInteger();
    private final Thread thread;
    private volatile boolean accepting = true;

    CommitLogWriter(CommitLog commitLog, Flusher flusher, int capacity) {
        this.commitLog = commitLog;
        this.flusher = flusher;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(this, "junction-store-writer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<AppendResult> submit(AppendRequest request) {
        submitting.incrementAndGet();
        try {
            if (!accepting) {
                throw new MessageRejectedException("the store is closed");
            }
            queue.put(request);
            return request.future;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessageRejectedException("interrupted while waiting for room in the store's write queue");
        } finally {
            submitting.decrementAndGet();
        }
    }

    @Override
    public void run() {
        List<AppendRequest> batch = new ArrayList<>(MAX_BATCH);
        List<AppendRequest> written = new ArrayList<>(MAX_BATCH);
        while (accepting || submitting.get() > 0 || !queue.isEmpty()) {
            AppendRequest first;
            try {
                first = queue.poll(10, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                continue;
            }
            if (first == null) {
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            for (AppendRequest request : batch) {
                try {
                    request.result = commitLog.write(request.message);
                    request.endOffset = request.result.commitLogOffset() + request.result.size();
                    written.add(request);
                } catch (RuntimeException e) {
                    if (!(e instanceof MessageRejectedException)) {
                        log.error("store writer failed to append a message to topic {}", request.message.topic(), e);
                    }
                    request.future.completeExceptionally(e);
                }
            }
            commitLog.publishWritten();
            flusher.written(written);
            batch.clear();
            written.clear();
        }
    }

    /** Stops taking messages, writes what is queued, and waits for the thread to end. */
    void stop() {
        accepting = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
