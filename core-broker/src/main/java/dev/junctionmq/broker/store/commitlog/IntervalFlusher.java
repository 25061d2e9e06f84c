package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.StoreThread;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ASYNC_FLUSH}: appends are acknowledged once written to the mapped log; a background thread forces the
 * log every interval, which bounds what an operating-system crash can take back, and sooner when a threshold of
 * unforced bytes is reached. Without the threshold a heavy writer leaves one interval's worth of dirty pages (hundreds
 * of megabytes) to each force, and the disk idles in between.
 */
final class IntervalFlusher extends StoreThread implements Flusher {

    private static final Logger log = LoggerFactory.getLogger(IntervalFlusher.class);

    private static final long PAGE = 4096;

    private final CommitLog commitLog;
    private final long intervalNanos;
    private final long thresholdBytes;
    /** Commit-log offset at which an append wakes the thread early; written under the append lock. */
    private long wakeAt;

    IntervalFlusher(CommitLog commitLog, Duration interval, long thresholdBytes) {
        super("junction-store-flush");
        this.commitLog = commitLog;
        this.intervalNanos = interval.toNanos();
        this.thresholdBytes = thresholdBytes;
        this.wakeAt = thresholdBytes;
    }

    @Override
    public CompletableFuture<AppendResult> written(AppendResult result) {
        long end = result.commitLogOffset() + result.size();
        if (end >= wakeAt) {
            // Once per threshold: the next wake-up point is set here, not by the flusher, so appends in between
            // neither unpark again nor read state the flusher writes.
            wakeAt = end + thresholdBytes;
            unpark();
        }
        return CompletableFuture.completedFuture(result);
    }

    /**
     * Up to the last whole page written, when that is past what is forced: forcing the page the writer is still
     * filling would write-protect it, and the writer's next record would take a page fault (and may wait for the
     * file system's journal) while it holds the append lock. With less than a new page written, everything: a
     * quiet log is still forced every interval.
     */
    static long target(long written, long flushed) {
        long wholePages = written - written % PAGE;
        return wholePages > flushed ? wholePages : written;
    }

    @Override
    public void run() {
        while (isRunning()) {
            LockSupport.parkNanos(this, intervalNanos);
            try {
                commitLog.flush(target(commitLog.writtenOffset(), commitLog.flushedOffset()));
            } catch (RuntimeException e) {
                log.error("periodic commit log flush failed", e);
            }
        }
    }
}
