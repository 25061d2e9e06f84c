package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.checkpoint.Checkpoint;
import dev.junctionmq.broker.store.commitlog.CommitLog;
import dev.junctionmq.broker.store.commitlog.CommitLogRecovery;
import dev.junctionmq.broker.store.commitlog.RecordSlice;
import dev.junctionmq.broker.store.consumequeue.ConsumeQueue;
import dev.junctionmq.broker.store.consumequeue.ConsumeQueueTable;
import dev.junctionmq.broker.store.dispatch.Dispatcher;
import dev.junctionmq.broker.store.index.IndexService;
import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.OffsetMessageId;
import dev.junctionmq.broker.store.record.StoredRecord;
import dev.junctionmq.broker.store.retention.RetentionService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * The durable store: one commit log, a consume queue per topic queue, a hash index, a checkpoint.
 *
 * <p>Threads: producers call {@link #append} from any thread; one writer thread writes records (group commit),
 * one flusher forces them, one dispatcher builds consume queues and the index behind the confirmed offset, and
 * one housekeeping thread writes the checkpoint and applies retention. Reads run on the caller's thread and touch
 * only published, immutable bytes. Futures returned by {@link #append} complete on store threads: callers must
 * not block in their callbacks.
 */
public final class MessageStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessageStore.class);
    /** Consume-queue entries one read may pass over (filtered out) before it returns. */
    private static final int MAX_ENTRIES_SCANNED_PER_READ = 16_000;

    private final StoreConfig config;
    private final StoreDirectory directory;
    private final Checkpoint checkpoint;
    private final CommitLog commitLog;
    private final ConsumeQueueTable consumeQueues;
    private final IndexService index;
    private final Dispatcher dispatcher;
    private final RetentionService retention;
    private final ScheduledExecutorService housekeeping;
    private volatile boolean closed;

    private MessageStore(StoreConfig config, StoreDirectory directory, Checkpoint checkpoint, CommitLog commitLog,
                         ConsumeQueueTable consumeQueues, IndexService index, Dispatcher dispatcher) {
        this.config = config;
        this.directory = directory;
        this.checkpoint = checkpoint;
        this.commitLog = commitLog;
        this.consumeQueues = consumeQueues;
        this.index = index;
        this.dispatcher = dispatcher;
        this.retention = new RetentionService(config, commitLog, consumeQueues, index, dispatcher,
                System::currentTimeMillis);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "junction-store-housekeeping");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens (and if needed recovers) the store in {@code config.directory()}, then starts its threads.
     *
     * @throws StoreLockedException    if another process has the directory open
     * @throws StoreCorruptedException if durable data is damaged; the message names file and offset
     */
    public static MessageStore open(StoreConfig config) {
        StoreDirectory directory = StoreDirectory.open(config.directory());
        try {
            return recover(config, directory);
        } catch (RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    private static MessageStore recover(StoreConfig config, StoreDirectory directory) {
        boolean crashed = directory.lastStopWasCrash();
        Checkpoint checkpoint = new Checkpoint(directory.resolve("checkpoint"));
        Checkpoint.State saved = checkpoint.read();
        if (crashed) {
            log.warn("store {}: the last stop was not clean (abort marker present); recovering",
                    directory.root().toAbsolutePath());
        }
        if (saved == null && (crashed || java.nio.file.Files.exists(directory.resolve("commitlog")))) {
            log.warn("store {}: checkpoint missing or damaged; checking the whole commit log",
                    directory.root().toAbsolutePath());
        }
        CommitLog commitLog = new CommitLog(config, directory.resolve("commitlog"));
        ConsumeQueueTable consumeQueues = new ConsumeQueueTable(directory.resolve("consumequeue"),
                config.consumeQueueEntriesPerSegment());
        IndexService index = new IndexService(directory.resolve("index"), config.indexHashSlots(),
                config.indexMaxEntries());
        try {
            commitLog.load();
            long logStart = commitLog.segments().isEmpty() ? 0 : commitLog.segments().first().startOffset();
            long scanFrom = saved == null ? logStart
                    : Math.max(logStart, Math.min(saved.commitLogFlushedOffset(), saved.dispatchedOffset()));
            long durable = saved == null ? 0 : saved.commitLogFlushedOffset();
            long end = CommitLogRecovery.recover(commitLog.segments(), scanFrom, durable, crashed,
                    config.verifyCrcOnRecovery());
            commitLog.recovered(scanFrom, end);

            consumeQueues.load();
            consumeQueues.truncateBeyond(end);
            long indexFrom = index.load(end);
            long dispatchFrom = saved == null ? logStart : saved.dispatchedOffset();
            dispatchFrom = Math.min(dispatchFrom, indexFrom);
            dispatchFrom = Math.max(logStart, Math.min(dispatchFrom, end));

            Dispatcher dispatcher = new Dispatcher(commitLog, consumeQueues, index, dispatchFrom);
            dispatcher.dispatchAvailable();
            if (end > dispatchFrom) {
                log.info("store: re-dispatched commit log [{}, {}) into consume queues and index", dispatchFrom, end);
            }
            commitLog.seedQueueOffsets(consumeQueues.maxOffsets());
            consumeQueues.deleteBefore(commitLog.minOffset());
            index.deleteBefore(commitLog.minOffset());

            MessageStore store = new MessageStore(config, directory, checkpoint, commitLog, consumeQueues, index,
                    dispatcher);
            store.writeCheckpoint();
            directory.markRunning();
            store.start();
            log.info("store opened at {} ({}, commit log [{}, {}))", directory.root().toAbsolutePath(),
                    config.flushMode(), commitLog.minOffset(), end);
            return store;
        } catch (RuntimeException e) {
            commitLog.unmap();
            consumeQueues.close();
            index.close();
            throw e;
        }
    }

    private void start() {
        commitLog.start(dispatcher::wakeUp);
        dispatcher.start();
        long checkpointMillis = config.checkpointInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::checkpointQuietly, checkpointMillis, checkpointMillis,
                TimeUnit.MILLISECONDS);
        long retentionMillis = config.retentionCheckInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::retentionQuietly, retentionMillis, retentionMillis,
                TimeUnit.MILLISECONDS);
    }

    public StoreConfig config() {
        return config;
    }

    /**
     * Appends a message. The future completes when the message counts as stored under the flush mode, or
     * exceptionally if it cannot be stored.
     *
     * @throws MessageRejectedException if the message is too large or the store is closed
     */
    public CompletableFuture<AppendResult> append(MessageToAppend message) {
        if (closed) {
            throw new MessageRejectedException("the store is closed");
        }
        return commitLog.append(message);
    }

    /** Reads up to {@code maxCount} messages (and about {@code maxBytes}) from a queue, starting at {@code offset}. */
    public ReadResult read(String topic, int queueId, long offset, int maxCount, int maxBytes) {
        return read(topic, queueId, offset, maxCount, maxBytes, null);
    }

    /**
     * Like {@link #read(String, int, long, int, int)}, passing over entries whose tag hash {@code tagFilter}
     * rejects without touching the commit log (the tag-hash fast path; callers re-check the tag itself).
     */
    public ReadResult read(String topic, int queueId, long offset, int maxCount, int maxBytes, LongPredicate tagFilter) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        if (queue == null) {
            return ReadResult.empty(offset == 0 ? ReadResult.Status.NO_NEW_MESSAGE : ReadResult.Status.OFFSET_TOO_LARGE,
                    0, 0, 0);
        }
        long min = queue.minOffset();
        long max = queue.maxOffset();
        if (offset < min) {
            return ReadResult.empty(ReadResult.Status.OFFSET_TOO_SMALL, min, min, max);
        }
        if (offset >= max) {
            return ReadResult.empty(offset == max ? ReadResult.Status.NO_NEW_MESSAGE
                    : ReadResult.Status.OFFSET_TOO_LARGE, max, min, max);
        }
        List<QueuedMessage> messages = new ArrayList<>(Math.min(maxCount, 64));
        List<RecordSlice> slices = new ArrayList<>(Math.min(maxCount, 64));
        ConsumeQueue.Entry entry = new ConsumeQueue.Entry();
        long next = offset;
        int bytes = 0;
        int scanned = 0;
        while (next < max && messages.size() < maxCount && scanned < MAX_ENTRIES_SCANNED_PER_READ) {
            scanned++;
            if (!queue.read(next, entry) || (tagFilter != null && !tagFilter.test(entry.tagHash))) {
                next++;
                continue;
            }
            if (!messages.isEmpty() && bytes + entry.size > maxBytes) {
                break;
            }
            RecordSlice slice = commitLog.read(entry.commitLogOffset, entry.size);
            if (slice == null) {
                next++; // deleted by retention while we read
                continue;
            }
            slices.add(slice);
            messages.add(new QueuedMessage(next, entry.commitLogOffset, entry.tagHash, slice.buffer()));
            bytes += entry.size;
            next++;
        }
        ReadResult.Status status = messages.isEmpty() ? ReadResult.Status.NO_MATCHED_MESSAGE : ReadResult.Status.FOUND;
        return new ReadResult(status, next, min, max, messages, slices);
    }

    /** One past the newest entry of the queue (0 for a queue that never had one). */
    public long maxOffset(String topic, int queueId) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        return queue == null ? 0 : queue.maxOffset();
    }

    /**
     * The offset the next message appended to the queue will get; at least {@link #maxOffset}, more while appended
     * messages wait for the dispatcher.
     */
    public long nextQueueOffset(String topic, int queueId) {
        return Math.max(commitLog.nextQueueOffset(topic, queueId), maxOffset(topic, queueId));
    }

    /** The oldest offset of the queue still readable. */
    public long minOffset(String topic, int queueId) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        return queue == null ? 0 : queue.minOffset();
    }

    /**
     * The first offset of the queue whose message was stored at or after {@code timestamp} (epoch ms); the queue's
     * end if none was. A binary search over the queue, reading one record per step.
     */
    public long offsetForTimestamp(String topic, int queueId, long timestamp) {
        ConsumeQueue queue = consumeQueues.find(topic, queueId);
        if (queue == null) {
            return 0;
        }
        long low = queue.minOffset();
        long high = queue.maxOffset();
        ConsumeQueue.Entry entry = new ConsumeQueue.Entry();
        while (low < high) {
            long middle = (low + high) >>> 1;
            long stored = storeTimestampAt(queue, middle, entry);
            if (stored < timestamp) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** Store timestamp of the queue entry's record; an unreadable entry counts as older than anything. */
    private long storeTimestampAt(ConsumeQueue queue, long offset, ConsumeQueue.Entry entry) {
        if (!queue.read(offset, entry)) {
            return Long.MIN_VALUE;
        }
        try (RecordSlice slice = commitLog.read(entry.commitLogOffset, entry.size)) {
            return slice == null ? Long.MIN_VALUE : slice.record().storeTimestamp();
        }
    }

    /** Finds a message by its store-side id (store host, port and commit-log offset). */
    public Optional<StoredRecord> lookupByOffsetMessageId(String offsetMessageId) {
        OffsetMessageId id = OffsetMessageId.decode(offsetMessageId);
        return readCopy(id.commitLogOffset());
    }

    /** Finds a message by its producer-side unique id ({@code UNIQ_KEY}). */
    public Optional<StoredRecord> lookupByUniqueKey(String topic, String uniqueKey) {
        for (long offset : index.query(topic, uniqueKey, 64, 0, Long.MAX_VALUE)) {
            Optional<StoredRecord> record = readCopy(offset);
            if (record.isPresent() && record.get().topic().equals(topic)
                    && uniqueKey.equals(record.get().property(MessageProperties.UNIQ_KEY))) {
                return record;
            }
        }
        return Optional.empty();
    }

    /** Finds up to {@code max} messages of {@code topic} carrying {@code key} among their {@code KEYS}, newest first. */
    public List<StoredRecord> lookupByKey(String topic, String key, int max) {
        List<StoredRecord> found = new ArrayList<>();
        for (long offset : index.query(topic, key, max * 2 + 16, 0, Long.MAX_VALUE)) {
            if (found.size() >= max) {
                break;
            }
            readCopy(offset).filter(r -> r.topic().equals(topic) && hasKey(r, key)).ifPresent(found::add);
        }
        return found;
    }

    private static boolean hasKey(StoredRecord record, String key) {
        String keys = record.property(MessageProperties.KEYS);
        return keys != null && Arrays.asList(keys.split(MessageProperties.KEY_SEPARATOR)).contains(key);
    }

    /** A heap copy of the record at {@code offset}, if a record starts there. */
    private Optional<StoredRecord> readCopy(long offset) {
        try (RecordSlice slice = commitLog.read(offset)) {
            if (slice == null) {
                return Optional.empty();
            }
            ByteBuffer copy = ByteBuffer.allocate(slice.buffer().remaining());
            copy.put(slice.buffer()).flip();
            StoredRecord record = new StoredRecord(copy);
            return record.physicalOffset() == offset ? Optional.of(record) : Optional.empty();
        } catch (StoreCorruptedException e) {
            return Optional.empty();
        }
    }

    /**
     * Deletes the consume queues of {@code topic} and resets its queue offsets. Its records stay in the commit log
     * until retention removes them; they are no longer reachable through any queue.
     */
    public void deleteTopic(String topic) {
        commitLog.resetQueueOffsets(topic);
        consumeQueues.deleteTopic(topic);
        log.info("store: queues of topic '{}' deleted", topic);
    }

    public void addDispatchListener(DispatchListener listener) {
        dispatcher.addListener(listener);
    }

    /** One past the last record written. */
    public long commitLogMaxOffset() {
        return commitLog.writtenOffset();
    }

    public long commitLogMinOffset() {
        return commitLog.minOffset();
    }

    public long commitLogFlushedOffset() {
        return commitLog.flushedOffset();
    }

    /** Under {@code SYNC_FLUSH}: the group forces made since the store opened, and the appends they acknowledged. */
    public GroupCommitStats groupCommitStats() {
        return commitLog.groupCommitStats();
    }

    /** How far the consume queues and index are behind what consumers may see, in commit-log bytes. */
    public long dispatchLagBytes() {
        return dispatcher.lagBytes();
    }

    public long dispatchedOffset() {
        return dispatcher.dispatchedOffset();
    }

    /**
     * Waits, at most {@code timeout}, until every record written before this call is in its consume queues (under
     * {@code SYNC_FLUSH}: also forced), so a reader of the consume queues sees every send already acknowledged.
     * Polls every 100 µs; for callers off the event loops (a queue browser), where dispatch lags by microseconds.
     *
     * @return false if the dispatcher did not catch up in time
     */
    public boolean awaitDispatchOfWritten(java.time.Duration timeout) {
        long target = commitLog.writtenOffset();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (dispatcher.dispatchedOffset() < target) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            dispatcher.wakeUp();
            java.util.concurrent.locks.LockSupport.parkNanos(100_000);
        }
        return true;
    }

    /** Runs one retention pass now (it also runs on its own schedule); returns the segments deleted. */
    public int applyRetention() {
        return retention.run();
    }

    private void writeCheckpoint() {
        long now = System.currentTimeMillis();
        long flushed = commitLog.flushedOffset();
        long dispatched = dispatcher.dispatchedOffset();
        consumeQueues.flush();
        index.flush();
        checkpoint.write(new Checkpoint.State(flushed, dispatched, dispatched, now, now, now));
    }

    private void checkpointQuietly() {
        try {
            writeCheckpoint();
        } catch (RuntimeException e) {
            log.error("store checkpoint failed", e);
        }
    }

    private void retentionQuietly() {
        try {
            retention.run();
        } catch (RuntimeException e) {
            log.error("store retention pass failed", e);
        }
    }

    /** Writes and flushes everything accepted so far, records a clean stop, and releases the directory. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        housekeeping.shutdown();
        try {
            housekeeping.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        commitLog.close();
        dispatcher.stop();
        writeCheckpoint();
        directory.markCleanStop();
        commitLog.unmap();
        consumeQueues.close();
        index.close();
        directory.close();
        log.info("store at {} closed cleanly at commit-log offset {}", directory.root().toAbsolutePath(),
                commitLog.writtenOffset());
    }
}
