package dev.junctionmq.broker.store;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Store settings. Defaults follow Apache RocketMQ where it has one; every value is documented in
 * {@code conf/broker.conf}.
 */
public final class StoreConfig {

    public static final int DEFAULT_COMMIT_LOG_SEGMENT_SIZE = 1024 * 1024 * 1024;
    public static final int DEFAULT_CONSUME_QUEUE_ENTRIES_PER_SEGMENT = 300_000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
    public static final int DEFAULT_NATIVE_PORT = 10911;

    private final Path directory;
    private final int commitLogSegmentSize;
    private final int consumeQueueEntriesPerSegment;
    private final FlushMode flushMode;
    private final Duration asyncFlushInterval;
    private final long asyncFlushBytes;
    private final boolean preallocate;
    private final int indexHashSlots;
    private final int indexMaxEntries;
    private final boolean appendRecordCrc;
    private final boolean verifyCrcOnRecovery;
    private final int maxMessageSize;
    private final InetSocketAddress storeHost;
    private final Duration checkpointInterval;
    private final Duration retentionTime;
    private final long retentionMaxBytes;
    private final double diskMaxUsedRatio;
    private final Duration retentionCheckInterval;
    private final int groupCommitQueueCapacity;

    private StoreConfig(Builder b) {
        this.directory = b.directory;
        this.commitLogSegmentSize = b.commitLogSegmentSize;
        this.consumeQueueEntriesPerSegment = b.consumeQueueEntriesPerSegment;
        this.flushMode = b.flushMode;
        this.asyncFlushInterval = b.asyncFlushInterval;
        this.asyncFlushBytes = b.asyncFlushBytes;
        this.preallocate = b.preallocate;
        this.indexHashSlots = b.indexHashSlots;
        this.indexMaxEntries = b.indexMaxEntries;
        this.appendRecordCrc = b.appendRecordCrc;
        this.verifyCrcOnRecovery = b.verifyCrcOnRecovery;
        this.maxMessageSize = b.maxMessageSize;
        this.storeHost = b.storeHost != null ? b.storeHost : defaultStoreHost();
        this.checkpointInterval = b.checkpointInterval;
        this.retentionTime = b.retentionTime;
        this.retentionMaxBytes = b.retentionMaxBytes;
        this.diskMaxUsedRatio = b.diskMaxUsedRatio;
        this.retentionCheckInterval = b.retentionCheckInterval;
        this.groupCommitQueueCapacity = b.groupCommitQueueCapacity;
    }

    public static Builder builder(Path directory) {
        return new Builder(directory);
    }

    /** The store root: {@code commitlog/}, {@code consumequeue/}, {@code index/}, {@code checkpoint}, ... */
    public Path directory() {
        return directory;
    }

    public int commitLogSegmentSize() {
        return commitLogSegmentSize;
    }

    public int consumeQueueEntriesPerSegment() {
        return consumeQueueEntriesPerSegment;
    }

    public FlushMode flushMode() {
        return flushMode;
    }

    public Duration asyncFlushInterval() {
        return asyncFlushInterval;
    }

    /**
     * Under {@code ASYNC_FLUSH}, how many unforced bytes make the flusher force before its interval is up: under a
     * heavy write load the disk then writes back continuously instead of in one burst per interval.
     */
    public long asyncFlushBytes() {
        return asyncFlushBytes;
    }

    /**
     * Under {@code SYNC_FLUSH}, whether a background thread writes zeros a few megabytes ahead of the writer, so
     * that each group commit's force writes data only, not also the file system's block allocation.
     */
    public boolean preallocate() {
        return preallocate;
    }

    public int indexHashSlots() {
        return indexHashSlots;
    }

    public int indexMaxEntries() {
        return indexMaxEntries;
    }

    public boolean appendRecordCrc() {
        return appendRecordCrc;
    }

    public boolean verifyCrcOnRecovery() {
        return verifyCrcOnRecovery;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public InetSocketAddress storeHost() {
        return storeHost;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }

    public Duration retentionTime() {
        return retentionTime;
    }

    /** Upper bound for the commit log's size on disk; 0 = no bound. */
    public long retentionMaxBytes() {
        return retentionMaxBytes;
    }

    public double diskMaxUsedRatio() {
        return diskMaxUsedRatio;
    }

    public Duration retentionCheckInterval() {
        return retentionCheckInterval;
    }

    public int groupCommitQueueCapacity() {
        return groupCommitQueueCapacity;
    }

    private static InetSocketAddress defaultStoreHost() {
        try {
            return new InetSocketAddress(InetAddress.getLocalHost(), DEFAULT_NATIVE_PORT);
        } catch (UnknownHostException e) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_NATIVE_PORT);
        }
    }

    public static final class Builder {
        private final Path directory;
        private int commitLogSegmentSize = DEFAULT_COMMIT_LOG_SEGMENT_SIZE;
        private int consumeQueueEntriesPerSegment = DEFAULT_CONSUME_QUEUE_ENTRIES_PER_SEGMENT;
        private FlushMode flushMode = FlushMode.ASYNC_FLUSH;
        private Duration asyncFlushInterval = Duration.ofMillis(500);
        private long asyncFlushBytes = 16L * 1024 * 1024;
        private boolean preallocate = true;
        private int indexHashSlots = 5_000_000;
        private int indexMaxEntries = 20_000_000;
        private boolean appendRecordCrc = true;
        private boolean verifyCrcOnRecovery = true;
        private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;
        private InetSocketAddress storeHost;
        private Duration checkpointInterval = Duration.ofSeconds(1);
        private Duration retentionTime = Duration.ofHours(72);
        private long retentionMaxBytes;
        private double diskMaxUsedRatio = 0.90;
        private Duration retentionCheckInterval = Duration.ofSeconds(10);
        private int groupCommitQueueCapacity = 16_384;

        private Builder(Path directory) {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        public Builder commitLogSegmentSize(int bytes) {
            this.commitLogSegmentSize = bytes;
            return this;
        }

        public Builder consumeQueueEntriesPerSegment(int entries) {
            this.consumeQueueEntriesPerSegment = entries;
            return this;
        }

        public Builder flushMode(FlushMode flushMode) {
            this.flushMode = Objects.requireNonNull(flushMode);
            return this;
        }

        public Builder asyncFlushInterval(Duration interval) {
            this.asyncFlushInterval = interval;
            return this;
        }

        public Builder asyncFlushBytes(long bytes) {
            this.asyncFlushBytes = bytes;
            return this;
        }

        public Builder preallocate(boolean preallocate) {
            this.preallocate = preallocate;
            return this;
        }

        public Builder indexHashSlots(int slots) {
            this.indexHashSlots = slots;
            return this;
        }

        public Builder indexMaxEntries(int entries) {
            this.indexMaxEntries = entries;
            return this;
        }

        public Builder appendRecordCrc(boolean append) {
            this.appendRecordCrc = append;
            return this;
        }

        public Builder verifyCrcOnRecovery(boolean verify) {
            this.verifyCrcOnRecovery = verify;
            return this;
        }

        public Builder maxMessageSize(int bytes) {
            this.maxMessageSize = bytes;
            return this;
        }

        public Builder storeHost(InetSocketAddress storeHost) {
            this.storeHost = storeHost;
            return this;
        }

        public Builder checkpointInterval(Duration interval) {
            this.checkpointInterval = interval;
            return this;
        }

        public Builder retentionTime(Duration retention) {
            this.retentionTime = retention;
            return this;
        }

        public Builder retentionMaxBytes(long bytes) {
            this.retentionMaxBytes = bytes;
            return this;
        }

        public Builder diskMaxUsedRatio(double ratio) {
            this.diskMaxUsedRatio = ratio;
            return this;
        }

        public Builder retentionCheckInterval(Duration interval) {
            this.retentionCheckInterval = interval;
            return this;
        }

        public Builder groupCommitQueueCapacity(int requests) {
            this.groupCommitQueueCapacity = requests;
            return this;
        }

        public StoreConfig build() {
            require(commitLogSegmentSize >= 64 * 1024, "commit log segment size must be at least 64 KiB");
            require(maxMessageSize > 0, "max message size must be positive");
            require(maxMessageSize + 1024L < commitLogSegmentSize,
                    "max message size (" + maxMessageSize + ") must be well below the segment size ("
                            + commitLogSegmentSize + ")");
            require(consumeQueueEntriesPerSegment > 0
                            && (long) consumeQueueEntriesPerSegment * 20 <= Integer.MAX_VALUE,
                    "consume queue entries per segment out of range");
            require(indexHashSlots > 0 && indexMaxEntries > 1, "index sizes must be positive");
            require(40L + indexHashSlots * 4L + indexMaxEntries * 20L <= Integer.MAX_VALUE,
                    "index file would exceed 2 GiB; lower the hash slots or max entries");
            require(diskMaxUsedRatio > 0 && diskMaxUsedRatio <= 1, "disk max used ratio must be in (0, 1]");
            require(groupCommitQueueCapacity > 0, "group commit queue capacity must be positive");
            require(asyncFlushBytes > 0, "async flush threshold must be positive");
            return new StoreConfig(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
