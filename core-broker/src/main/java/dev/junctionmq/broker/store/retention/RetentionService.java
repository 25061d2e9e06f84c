package dev.junctionmq.broker.store.retention;

import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.commitlog.CommitLog;
import dev.junctionmq.broker.store.consumequeue.ConsumeQueueTable;
import dev.junctionmq.broker.store.dispatch.Dispatcher;
import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.file.SegmentList;
import dev.junctionmq.broker.store.index.IndexService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.function.LongSupplier;

/**
 * Deletes old commit-log segments, oldest first, and lets the consume queues and index follow.
 *
 * <p>A segment goes when its newest record is older than the retention time (judged by the file's last
 * modification, as RocketMQ does), when the commit log is larger than the configured byte ceiling, or when the
 * disk is fuller than the configured ratio. The segment being written, and any segment the dispatcher or the
 * flusher has not finished with, is never deleted.
 */
public final class RetentionService {

    private static final Logger log = LoggerFactory.getLogger(RetentionService.class);

    private final StoreConfig config;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final LongSupplier clock;

    public RetentionService(StoreConfig config, CommitLog commitLog, ConsumeQueueTable consumeQueues,
                            IndexService index, Dispatcher dispatcher, LongSupplier clock) {
        this.config = config;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** One pass; returns how many commit-log segments it deleted. */
    public synchronized int run() {
        SegmentList segments = commitLog.segments();
        long safeEnd = Math.min(dispatcher.dispatchedOffset(), commitLog.flushedOffset());
        int deleted = 0;
        while (segments.segments().size() > 1) {
            MappedSegment first = segments.first();
            if (first.endOffset() > safeEnd) {
                break;
            }
            String reason = reasonToDelete(first, segments);
            if (reason == null) {
                break;
            }
            log.info("retention: deleting commit-log segment {} ({})", first.path(), reason);
            segments.destroyFirst();
            deleted++;
        }
        long minOffset = commitLog.minOffset();
        consumeQueues.deleteBefore(minOffset);
        index.deleteBefore(minOffset);
        return deleted;
    }

    private String reasonToDelete(MappedSegment first, SegmentList segments) {
        long age = clock.getAsLong() - first.lastModifiedMillis();
        if (age > config.retentionTime().toMillis()) {
            return "newest record is " + age / 1000 + " s old, retention is " + config.retentionTime().toSeconds() + " s";
        }
        if (config.retentionMaxBytes() > 0 && segments.totalBytes() > config.retentionMaxBytes()) {
            return "commit log is " + segments.totalBytes() + " bytes, ceiling is " + config.retentionMaxBytes();
        }
        double used = diskUsedRatio();
        if (used > config.diskMaxUsedRatio()) {
            return String.format("disk is %.1f%% full, ceiling is %.1f%%", used * 100, config.diskMaxUsedRatio() * 100);
        }
        return null;
    }

    private double diskUsedRatio() {
        try {
            FileStore store = Files.getFileStore(commitLog.segments().directory());
            long total = store.getTotalSpace();
            return total <= 0 ? 0 : 1.0 - (double) store.getUsableSpace() / total;
        } catch (IOException e) {
            return 0;
        }
    }
}
