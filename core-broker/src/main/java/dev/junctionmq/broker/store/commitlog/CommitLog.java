package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.GroupCommitStats;
import dev.junctionmq.broker.store.MessageRejectedException;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.StoreCorruptedException;
import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.file.SegmentList;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.RecordEncoder;
import dev.junctionmq.broker.store.record.RecordFormat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * The append-only commit log: segmented, memory-mapped, RocketMQ's record format.
 *
 * <p>Concurrency: appends are serialized by one lock and written on the caller's thread — the only place that
 * writes records, rolls segments and assigns queue offsets — and publish {@link #writtenOffset()} before the lock
 * is released (RocketMQ's put-message lock; no thread hand-off per message). A {@link Flusher} forces bytes to
 * disk and publishes {@link #flushedOffset()}; under {@code SYNC_FLUSH} it acknowledges every append its force
 * covered (group commit). Readers use any offset below {@link #confirmedOffset()}; the write happens-before the
 * volatile publish, so they see whole records.
 */
public final class CommitLog implements AutoCloseable {

    private static final byte[] NO_EXTRA_PROPERTIES = new byte[0];
    private static final int PENDING_MIN_CAPACITY = 1024 * 1024;

    private final StoreConfig config;
    private final SegmentList segments;
    private final RecordEncoder encoder;
    /** Next logical offset per queue; guarded by {@link #appendLock}. */
    private final Map<QueueKey, Long> nextQueueOffsets = new HashMap<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final Flusher flusher;
    /** Prepares blocks or pages ahead of the writer; null if {@code store.commitlog.preallocate} is off. */
    private final SegmentPreallocator preallocator;
    /** Signalled when a pre-allocation claim ends; on {@link #appendLock}. */
    private final Condition claimReleased;
    /** Log offset up to which blocks ahead of the writer are zeroed; guarded by {@link #appendLock}. */
    private long preallocatedEnd;
    /** Bytes passed over between the prepared end and a later claim; guarded by {@link #appendLock}. */
    private long skippedPreallocationBytes;
    /** The region the pre-allocator is zeroing now, or null; guarded by {@link #appendLock}. */
    private PreallocationClaim activeClaim;
    /**
     * Under SYNC_FLUSH records are written with positional file writes and forced with fdatasync: measured on our
     * disks, forcing pages dirtied through the mapping (msync) costs several times more per group commit. Appends
     * only copy their record into {@link #filling}; the flusher writes a whole group out before it forces it.
     */
    private final boolean writeThroughFile;
    /** Records appended but not yet handed to the flusher; guarded by {@link #appendLock}. Null if not writing through. */
    private PendingWrites filling;
    /** The other buffer, or null while the flusher is writing it out; guarded by {@link #appendLock}. */
    private PendingWrites spare;
    /** Signalled when the flusher takes {@link #filling} (an appender may be waiting for room). */
    private final Condition fillingTaken;
    /** How often an appender found no room and waited for the flusher; guarded by {@link #appendLock}. */
    private long pendingFullWaits;
    /** Set when pending records could not be written out: from then on nothing is appended or acknowledged. */
    private volatile RuntimeException writeFailure;

    /** Where the next record goes; guarded by {@link #appendLock}. */
    private long writePosition;
    private boolean closed;
    private volatile long writtenOffset;
    private volatile long flushedOffset;
    private volatile Runnable confirmedListener = () -> { };

    public CommitLog(StoreConfig config, Path directory) {
        this(config, directory, PENDING_MIN_CAPACITY);
    }

    /** With {@code pendingMinCapacity} as the least room for records waiting to be written (tests use less). */
    CommitLog(StoreConfig config, Path directory, int pendingMinCapacity) {
        this.config = config;
        this.segments = new SegmentList(directory, config.commitLogSegmentSize(), true);
        this.encoder = new RecordEncoder(config.storeHost(), config.appendRecordCrc());
        this.writeThroughFile = config.flushMode() == FlushMode.SYNC_FLUSH;
        this.flusher = config.flushMode() == FlushMode.SYNC_FLUSH
                ? new GroupCommitFlusher(this, config.groupCommitQueueCapacity())
                : new IntervalFlusher(this, config.asyncFlushInterval(), config.asyncFlushBytes());
        this.preallocator = config.preallocate() ? new SegmentPreallocator(this, writeThroughFile) : null;
        this.claimReleased = appendLock.newCondition();
        this.fillingTaken = appendLock.newCondition();
        if (writeThroughFile) {
            // Room for the largest record and a segment filler; two buffers, so appends go on while one is written.
            int capacity = (int) Math.max(pendingMinCapacity,
                    largestRecordSpan() + RecordFormat.END_OF_SEGMENT_MIN_BLANK);
            this.filling = new PendingWrites(capacity);
            this.spare = new PendingWrites(capacity);
        }
    }

    /** A region of the last segment being zeroed ahead of the writer: log offsets [start, end). */
    record PreallocationClaim(MappedSegment segment, long start, long end) {
        int position() {
            return (int) (start - segment.startOffset());
        }

        int length() {
            return (int) (end - start);
        }
    }

    /** Maps the existing segments; {@link CommitLogRecovery} then decides where valid data ends. */
    public void load() {
        segments.load();
    }

    /**
     * Sets the positions once recovery has found the end of valid data, and forces what recovery checked: records a
     * killed process left in the page cache count as durable from here on.
     */
    public void recovered(long checkedFrom, long endOffset) {
        this.writePosition = endOffset;
        this.writtenOffset = endOffset;
        for (MappedSegment segment : segments.segments()) {
            if (segment.endOffset() > checkedFrom && segment.startOffset() < endOffset) {
                segment.force(0, segment.size());
            }
        }
        this.flushedOffset = endOffset;
    }

    /** Seeds the next queue offset of every queue from the consume queues, before the writer starts. */
    public void seedQueueOffsets(Map<QueueKey, Long> offsets) {
        nextQueueOffsets.putAll(offsets);
    }

    /**
     * The queue offset the next record appended to the queue will get. Ahead of the consume queue's end by what
     * is appended but not dispatched yet: "from now on" for a new subscriber starts here, so a send already
     * acknowledged is never delivered to a subscription made after it.
     */
    public long nextQueueOffset(String topic, int queueId) {
        appendLock.lock();
        try {
            return nextQueueOffsets.getOrDefault(new QueueKey(topic, queueId), 0L);
        } finally {
            appendLock.unlock();
        }
    }

    /** Forgets the queue offsets of {@code topic}: a topic created again with the same name starts at 0. */
    public void resetQueueOffsets(String topic) {
        appendLock.lock();
        try {
            nextQueueOffsets.keySet().removeIf(key -> key.topic().equals(topic));
        } finally {
            appendLock.unlock();
        }
    }

    public void start(Runnable onConfirmedAdvance) {
        this.confirmedListener = onConfirmedAdvance;
        flusher.start();
        if (preallocator != null) {
            preallocator.start();
        }
    }

    /**
     * The next region for the pre-allocator to zero, or null if enough is prepared. Claims start more than one
     * largest record ahead of the writer (the reach of the next append), so the writer never waits for one unless
     * it outruns the pre-allocator by that much, and extend up to {@code ahead} bytes beyond that reach; regions
     * the writer has passed are never claimed.
     */
    PreallocationClaim claimForPreallocation(int ahead, int chunk) {
        appendLock.lock();
        try {
            MappedSegment segment = segments.last();
            if (closed || segment == null || activeClaim != null) {
                return null;
            }
            long reach = nextAppendReach();
            long from = Math.max(Math.max(preallocatedEnd, reach), segment.startOffset());
            long until = Math.min(reach + ahead, segment.endOffset());
            if (from >= until) {
                return null;
            }
            if (preallocatedEnd > segment.startOffset() && from > preallocatedEnd) {
                // The writer came within reach of the prepared end: these bytes will be written into holes.
                skippedPreallocationBytes += from - preallocatedEnd;
            }
            activeClaim = new PreallocationClaim(segment, from, Math.min(from + chunk, until));
            return activeClaim;
        } finally {
            appendLock.unlock();
        }
    }

    void preallocated(PreallocationClaim claim) {
        appendLock.lock();
        try {
            preallocatedEnd = Math.max(preallocatedEnd, claim.end());
            activeClaim = null;
            claimReleased.signalAll();
        } finally {
            appendLock.unlock();
        }
    }

    /**
     * Bytes the pre-allocator passed over since the log opened because the writer came within reach of them before
     * they were claimed (the writer then writes them into holes); the start of each new segment is not counted.
     */
    long skippedPreallocationBytes() {
        return readUnderAppendLock(() -> skippedPreallocationBytes);
    }

    /** Log offset up to which the pre-allocator has zeroed blocks (0 if it never ran). */
    long preallocatedEnd() {
        return readUnderAppendLock(() -> preallocatedEnd);
    }

    /** The most log bytes one append can write: the largest record, plus a segment-end filler before it. */
    private long largestRecordSpan() {
        return config.maxMessageSize() + 64L * 1024 + RecordFormat.END_OF_SEGMENT_MIN_BLANK;
    }

    /**
     * One past the last byte the next append could write. Pre-allocation claims start at or beyond it, and its
     * look-ahead is measured from it. Caller holds {@link #appendLock}.
     */
    private long nextAppendReach() {
        return writePosition + largestRecordSpan();
    }

    /** Waits while the pre-allocator zeroes a region this append could write into. Caller holds the lock. */
    private void awaitPreallocationClear() {
        while (activeClaim != null && activeClaim.start() < nextAppendReach()) {
            claimReleased.awaitUninterruptibly();
        }
    }

    /**
     * Writes the message and returns the future its producer waits on: complete at once under
     * {@code ASYNC_FLUSH}, after the group commit that forces it under {@code SYNC_FLUSH}.
     *
     * @throws MessageRejectedException if the body is larger than the maximum message size, or the log is closed
     */
    public CompletableFuture<AppendResult> append(MessageToAppend message) {
        if (message.body().length > config.maxMessageSize()) {
            throw new MessageRejectedException("message body is " + message.body().length
                    + " bytes; the maximum message size is " + config.maxMessageSize() + " bytes");
        }
        AppendResult result;
        CompletableFuture<AppendResult> acknowledged;
        appendLock.lock();
        try {
            if (preallocator != null) {
                awaitPreallocationClear(); // releases the lock while it waits: check for close after it
            }
            if (closed) {
                throw new MessageRejectedException("the store is closed");
            }
            if (writeFailure != null) {
                throw new MessageRejectedException("the commit log can no longer be written: " + writeFailure);
            }
            result = write(message);
            writtenOffset = writePosition;
            if (preallocator != null && activeClaim == null
                    && nextAppendReach() + SegmentPreallocator.AHEAD / 2 > preallocatedEnd) {
                preallocator.wakeUp();
            }
            // Inside the lock: the group-commit queue must see appends in commit-log order.
            acknowledged = flusher.written(result);
        } catch (MessageRejectedException e) {
            if (closed) {
                throw e;
            }
            return CompletableFuture.failedFuture(e);
        } finally {
            appendLock.unlock();
        }
        if (flusher instanceof IntervalFlusher) {
            confirmedListener.run();
        }
        return acknowledged;
    }

    /** Writes one record and assigns its queue offsets. Caller holds {@link #appendLock}. */
    private AppendResult write(MessageToAppend message) {
        QueueKey key = new QueueKey(message.topic(), message.queueId());
        List<String> multiTopics = message.multiDispatchTopics();
        long queueOffset;
        long[] multiOffsets;
        byte[] extra;
        int length;
        while (true) {
            queueOffset = nextQueueOffsets.getOrDefault(key, 0L);
            multiOffsets = new long[multiTopics.size()];
            for (int i = 0; i < multiOffsets.length; i++) {
                multiOffsets[i] = nextQueueOffsets.getOrDefault(new QueueKey(multiTopics.get(i), 0), 0L);
            }
            extra = multiOffsets.length == 0 ? NO_EXTRA_PROPERTIES
                    : RecordEncoder.multiQueueOffsetsProperty(multiOffsets);
            if (encoder.propertiesLength(message, extra) > RecordFormat.MAX_PROPERTIES_LENGTH) {
                throw new MessageRejectedException("message properties take "
                        + encoder.propertiesLength(message, extra) + " bytes once encoded; the limit is "
                        + RecordFormat.MAX_PROPERTIES_LENGTH);
            }
            length = encoder.recordLength(message, extra);
            if (length > config.maxMessageSize() + 64 * 1024) {
                throw new MessageRejectedException("message record would be " + length + " bytes; the maximum"
                        + " message size is " + config.maxMessageSize() + " bytes plus 64 KiB of headers and"
                        + " properties");
            }
            if (!writeThroughFile || filling.fits(length + RecordFormat.END_OF_SEGMENT_MIN_BLANK)) {
                break;
            }
            // Releases the lock: queue offsets may move meanwhile, so they are read again.
            pendingFullWaits++;
            fillingTaken.awaitUninterruptibly();
            if (closed || writeFailure != null) {
                throw new MessageRejectedException(closed ? "the store is closed"
                        : "the commit log can no longer be written: " + writeFailure);
            }
        }
        MappedSegment segment = segmentForWrite(length);
        int position = (int) (writePosition - segment.startOffset());
        long storeTimestamp = System.currentTimeMillis();
        if (writeThroughFile) {
            int index = filling.reserve(segment, writePosition, length);
            encoder.encode(filling.buffer(), index, message, queueOffset, writePosition, storeTimestamp, extra);
        } else {
            encoder.encode(segment.buffer(), position, message, queueOffset, writePosition, storeTimestamp, extra);
        }
        long recordOffset = writePosition;
        writePosition += length;
        nextQueueOffsets.put(key, queueOffset + 1);
        for (int i = 0; i < multiOffsets.length; i++) {
            nextQueueOffsets.put(new QueueKey(multiTopics.get(i), 0), multiOffsets[i] + 1);
        }
        return new AppendResult(recordOffset, length, queueOffset, storeTimestamp, config.storeHost());
    }

    /** The segment the next record of {@code length} bytes goes to, rolling over with a filler if needed. */
    private MappedSegment segmentForWrite(int length) {
        MappedSegment segment = segments.last();
        if (segment == null) {
            long start = writePosition - writePosition % config.commitLogSegmentSize();
            segment = segments.add(start);
        }
        if (writePosition == segment.endOffset()) {
            return segments.add(segment.endOffset());
        }
        int position = (int) (writePosition - segment.startOffset());
        int remaining = segment.size() - position;
        if (length + RecordFormat.END_OF_SEGMENT_MIN_BLANK > remaining) {
            ByteBuffer filler = ByteBuffer.allocate(RecordFormat.END_OF_SEGMENT_MIN_BLANK)
                    .putInt(remaining).putInt(RecordFormat.BLANK_MAGIC).flip();
            if (writeThroughFile) {
                filling.buffer().put(filling.reserve(segment, writePosition, filler.limit()), filler, 0,
                        filler.limit());
            } else {
                segment.buffer().put(position, filler, 0, filler.limit());
            }
            writePosition = segment.endOffset();
            segment = segments.add(segment.endOffset());
        }
        return segment;
    }

    /** Under {@code SYNC_FLUSH}: the group forces so far and the appends they acknowledged; else all zero. */
    public GroupCommitStats groupCommitStats() {
        return flusher instanceof GroupCommitFlusher groupCommit ? groupCommit.stats() : GroupCommitStats.NONE;
    }

    /**
     * Forces [flushedOffset, target) to disk, first writing out the records still pending (under SYNC_FLUSH, which
     * may take the forced offset past {@code target}). Called by the flusher thread, and at shutdown; under
     * {@code SYNC_FLUSH} the caller then calls {@link #confirmedAdvanced()}.
     */
    synchronized void flush(long target) {
        if (writeThroughFile) {
            target = Math.max(target, writeOutPending());
        }
        long from = flushedOffset;
        if (target <= from) {
            return;
        }
        for (MappedSegment segment : segments.segments()) {
            if (segment.endOffset() <= from || segment.startOffset() >= target) {
                continue;
            }
            if (writeThroughFile) {
                segment.forceWrites();
                continue;
            }
            int start = (int) (Math.max(from, segment.startOffset()) - segment.startOffset());
            int end = (int) (Math.min(target, segment.endOffset()) - segment.startOffset());
            segment.force(start, end);
        }
        flushedOffset = target;
    }

    /**
     * Under {@code SYNC_FLUSH}, tells the listener given to {@link #start} that {@link #confirmedOffset()} moved:
     * the group-commit thread calls it once it has acknowledged the group its force covered.
     */
    void confirmedAdvanced() {
        confirmedListener.run();
    }

    /**
     * Takes the filling buffer (appends go on into the spare), writes it to the segment files and returns it as the
     * spare. A failed write stops the log for good: a later force must never cover bytes that were not written.
     *
     * @return the log offset up to which every appended byte is now written, or -1 if nothing was pending
     */
    private long writeOutPending() {
        if (writeFailure != null) {
            throw writeFailure;
        }
        PendingWrites taken;
        appendLock.lock();
        try {
            if (filling.isEmpty()) {
                return -1;
            }
            taken = filling;
            filling = spare;
            spare = null;
            fillingTaken.signalAll();
        } finally {
            appendLock.unlock();
        }
        long end = taken.endOffset();
        try {
            taken.writeOut();
        } catch (RuntimeException e) {
            writeFailure = e;
            throw e;
        } finally {
            appendLock.lock();
            try {
                spare = taken;
            } finally {
                appendLock.unlock();
            }
        }
        return end;
    }

    /**
     * Reads the record at {@code offset} whose length is known (from a consume-queue entry).
     *
     * @return null if the offset is not readable (deleted by retention, or not confirmed yet)
     * @throws StoreCorruptedException if the bytes there are not the expected record
     */
    public RecordSlice read(long offset, int size) {
        if (offset < 0 || offset + size > confirmedOffset()) {
            return null;
        }
        MappedSegment segment = segments.find(offset);
        if (segment == null || !segment.retain()) {
            return null;
        }
        int position = (int) (offset - segment.startOffset());
        ByteBuffer buffer = segment.buffer();
        if (size < RecordFormat.END_OF_SEGMENT_MIN_BLANK || position + size > segment.size()
                || buffer.getInt(position) != size || !RecordFormat.isRecordMagic(buffer.getInt(position + 4))) {
            segment.release();
            throw new StoreCorruptedException(segment.path(), position,
                    "expected a record of " + size + " bytes at commit-log offset " + offset + ", found length "
                            + buffer.getInt(position) + String.format(" and magic 0x%08X", buffer.getInt(position + 4)));
        }
        return new RecordSlice(segment, offset, segment.slice(position, size));
    }

    /** Reads the record at {@code offset}, taking its length from its header; null if there is none. */
    public RecordSlice read(long offset) {
        if (offset < 0 || offset + RecordFormat.END_OF_SEGMENT_MIN_BLANK > confirmedOffset()) {
            return null;
        }
        MappedSegment segment = segments.find(offset);
        if (segment == null) {
            return null;
        }
        int position = (int) (offset - segment.startOffset());
        int size = segment.buffer().getInt(position);
        if (size <= 0 || position + size > segment.size() || offset + size > confirmedOffset()) {
            return null;
        }
        return read(offset, size);
    }

    /** How often appends waited for room among the records pending a write (SYNC_FLUSH); for tests. */
    long pendingFullWaits() {
        return readUnderAppendLock(() -> pendingFullWaits);
    }

    /** Reads one field guarded by {@link #appendLock}. */
    private long readUnderAppendLock(LongSupplier field) {
        appendLock.lock();
        try {
            return field.getAsLong();
        } finally {
            appendLock.unlock();
        }
    }

    public long writtenOffset() {
        return writtenOffset;
    }

    public long flushedOffset() {
        return flushedOffset;
    }

    /**
     * The offset below which records may be dispatched and read: a crash cannot take them back. Under
     * {@code SYNC_FLUSH} that is the forced offset; under {@code ASYNC_FLUSH} the written one (a process crash keeps
     * what is in the page cache).
     */
    public long confirmedOffset() {
        return config.flushMode() == FlushMode.SYNC_FLUSH ? flushedOffset : writtenOffset;
    }

    public long minOffset() {
        MappedSegment first = segments.first();
        return first == null ? writtenOffset : Math.max(first.startOffset(), 0);
    }

    public SegmentList segments() {
        return segments;
    }

    public int segmentSize() {
        return config.commitLogSegmentSize();
    }

    /** Refuses further appends, completes what is waiting for a force, and forces the rest. */
    @Override
    public void close() {
        appendLock.lock();
        try {
            closed = true;
        } finally {
            appendLock.unlock();
        }
        if (preallocator != null) {
            preallocator.stop();
        }
        flusher.stop();
        flush(writtenOffset);
        if (flusher instanceof GroupCommitFlusher) {
            confirmedAdvanced();
        }
    }

    /** Unmaps the segments; the last step of closing the store. */
    public void unmap() {
        segments.close();
    }
}
