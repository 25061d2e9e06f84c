package dev.junctionmq.broker.engine.timer;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageRejectedException;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.QueuedMessage;
import dev.junctionmq.broker.store.ReadResult;
import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.OffsetMessageId;
import dev.junctionmq.broker.store.record.RecordFormat;
import dev.junctionmq.broker.store.record.StoredRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delayed delivery at an arbitrary time (millisecond precision), surviving a broker restart.
 *
 * <h2>How it works</h2>
 * {@link #schedule} stores a copy of a message that is not due yet in the system topic {@value #TIMER_TOPIC}
 * (queue 0), as RocketMQ 5 does, with three extra properties: {@code TIMER_DELIVER_MS} (when it is due),
 * {@code REAL_TOPIC} and {@code REAL_QID} (where it goes then). Once that append completes, a small entry (due
 * time, timer-queue offset, commit-log offset, size) goes into an in-memory priority queue. One daemon thread,
 * {@code junction-timer}, sleeps on a condition until the earliest entry is due (never a busy loop), reads the
 * timer record back from the store, and appends ("re-puts") the message to its real topic and queue with its
 * original body, flag, sysFlag, born timestamp and host, reconsume times, multi-dispatch topics and properties
 * &mdash; minus {@code REAL_TOPIC}/{@code REAL_QID}, plus {@code TIMER_DELIVER_MS} so consumers can see when it was
 * due. {@code UNIQ_KEY} is kept, so the message id stays the same. Messages due at or before "now" skip the timer
 * topic and are appended to their real topic at once.
 *
 * <h2>Progress and restart</h2>
 * A timer-queue offset is <em>done</em> once its re-put has completed and (so that an OS crash under
 * {@code ASYNC_FLUSH} cannot lose it) the commit log has been forced past the re-put record. Progress is a low
 * watermark (every offset below it is done) plus the done offsets above it, kept as ranges (see
 * {@link TimerProgress}); it is written to the state file (temporary file, force, atomic rename) about once a
 * second when it changed, and at {@link #close}. {@link #start} reads it, fits it to the timer queue's current
 * bounds (offsets deleted by retention count as done; progress beyond the queue's end is dropped, see
 * {@link TimerProgress#fitTo}), then reads every timer record from the watermark to the queue's end, skips the done
 * ones and queues the rest; those already due are delivered at once. A missing state file means watermark 0: every
 * timer still in the queue is delivered, including ones delivered before.
 *
 * <p><b>Delivery is at-least-once.</b> A crash after a re-put but before the next state save delivers that message
 * again after restart (as RocketMQ's timer does); consumers de-duplicate on {@code UNIQ_KEY}. A clean
 * {@link #close} before the store is closed saves everything re-put so far, so a clean restart delivers nothing
 * twice.
 *
 * <h2>Memory</h2>
 * Each pending timer costs one heap entry of four numbers (about 48 bytes plus a priority-queue slot, so roughly
 * 56 MB per million pending timers); bodies and properties stay in the commit log. The done ranges number at most
 * the pending timers plus one (about 80 bytes each).
 *
 * <h2>Limits</h2>
 * <ul>
 *   <li>A timer must be due within the store's retention time ({@code store.retention.hours}), or retention would
 *       delete its record before it is due; {@link #schedule} rejects later ones. Size- or disk-based retention can
 *       still delete a pending timer's record: it is then logged as lost and counted done.</li>
 *   <li>Prepared or rolled-back transactional messages cannot be scheduled (the store never dispatches them into a
 *       queue, so the timer record could not be read back).</li>
 *   <li>A message's own {@code REAL_TOPIC}/{@code REAL_QID} properties, if it had any, are not preserved.</li>
 * </ul>
 *
 * <p>Lifecycle: open the store, construct, {@link #start}; at shutdown {@link #close} this service <em>before</em>
 * the store. The future returned by {@link #schedule} completes on a store thread: do not block in its callbacks.
 */
public final class DelayedDeliveryService implements AutoCloseable {

    /** RocketMQ 5's system topic for timer messages; Junction uses its queue 0. */
    public static final String TIMER_TOPIC = "rmq_sys_wheel_timer";
    public static final int TIMER_QUEUE_ID = 0;
    /**
     * Carries a message's multi-dispatch topics on its timer record (comma-separated). The timer record itself must
     * not be dispatched to them, so they are not given to the store as multi-dispatch topics until the re-put.
     */
    public static final String TIMER_MULTI_DISPATCH = "JUNCTION_TIMER_MULTI_DISPATCH";

    private static final Logger log = LoggerFactory.getLogger(DelayedDeliveryService.class);
    private static final long SAVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long RETRY_DELAY_MILLIS = 1000;
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int MAX_DUE_BATCH = 256;
    private static final int SCAN_BATCH = 64;
    private static final int SCAN_MAX_BYTES = 4 * 1024 * 1024;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    /**
     * One pending timer. {@code fireAt} is when to try it (its due time, or later after a failed attempt); the due
     * time consumers see is the {@code TIMER_DELIVER_MS} property of the record.
     */
    private record Timer(long fireAt, long queueOffset, long commitLogOffset, int size) {
    }

    private static final Comparator<Timer> ORDER =
            Comparator.comparingLong(Timer::fireAt).thenComparingLong(Timer::queueOffset);

    private final MessageStore store;
    private final Path stateFile;
    private final Clock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeUp = lock.newCondition();
    private final Condition reputsSettled = lock.newCondition();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(ORDER);
    /** Re-puts submitted to the store and not yet completed. */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Re-puts completed: {timer-queue offset, commit-log end of the re-put record (0: nothing to wait for)}. */
    private final ConcurrentLinkedQueue<long[]> completed = new ConcurrentLinkedQueue<>();

    /** Timer thread only (and start/close while that thread is not running). */
    private TimerProgress progress;
    private long lastSaveNanos;

    private Thread thread;
    private volatile boolean started;
    private volatile boolean running;
    private volatile boolean closed;

    public DelayedDeliveryService(MessageStore store, Path stateFile, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.stateFile = Objects.requireNonNull(stateFile, "stateFile");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Loads the progress, queues every pending timer in the timer queue, and starts the timer thread. */
    public synchronized void start() {
        if (started || closed) {
            throw new IllegalStateException(closed ? "the delayed delivery service is closed"
                    : "the delayed delivery service is already started");
        }
        progress = TimerProgress.load(stateFile);
        long min = store.minOffset(TIMER_TOPIC, TIMER_QUEUE_ID);
        long max = store.maxOffset(TIMER_TOPIC, TIMER_QUEUE_ID);
        progress.fitTo(min, max);
        long from = progress.watermark();
        int loaded;
        int due = 0;
        lock.lock(); // only pendingCount() can look meanwhile
        try {
            loaded = loadPending(max);
            long now = clock.millis();
            for (Timer t : timers) {
                if (t.fireAt() <= now) {
                    due++;
                }
            }
        } finally {
            lock.unlock();
        }
        log.info("delayed delivery: timer queue [{}, {}), resuming at {}; {} timers pending ({} already due)",
                min, max, from, loaded, due);
        if (progress.dirty()) {
            progress.save(stateFile);
        }
        lastSaveNanos = System.nanoTime();
        running = true;
        thread = new Thread(this::run, "junction-timer");
        thread.setDaemon(true);
        started = true;
        thread.start();
    }

    /** Reads the timer queue from the watermark to {@code max}, queuing every timer that is not done. */
    private int loadPending(long max) {
        int loaded = 0;
        long offset = progress.nextNotDone(progress.watermark());
        while (offset < max) {
            long limit = Math.min(max, progress.nextDoneStart(offset));
            int count = (int) Math.min(SCAN_BATCH, limit - offset);
            try (ReadResult result = store.read(TIMER_TOPIC, TIMER_QUEUE_ID, offset, count, SCAN_MAX_BYTES)) {
                switch (result.status()) {
                    case FOUND -> {
                        long expected = offset;
                        for (QueuedMessage m : result.messages()) {
                            long queueOffset = m.queueOffset();
                            if (queueOffset > expected) {
                                lost(expected, queueOffset);
                            }
                            expected = queueOffset + 1;
                            if (progress.isDone(queueOffset)) {
                                continue; // the read may run past the range we asked for
                            }
                            timers.add(new Timer(dueTime(m.record()), queueOffset, m.commitLogOffset(), m.size()));
                            loaded++;
                        }
                        if (result.nextOffset() > expected) {
                            lost(expected, result.nextOffset());
                        }
                    }
                    case NO_MATCHED_MESSAGE, OFFSET_TOO_SMALL -> lost(offset, result.nextOffset());
                    case NO_NEW_MESSAGE, OFFSET_TOO_LARGE -> {
                        return loaded;
                    }
                }
                if (result.nextOffset() <= offset) {
                    return loaded; // no progress possible; should not happen
                }
                offset = progress.nextNotDone(result.nextOffset());
            }
        }
        return loaded;
    }

    /** Timer entries that can no longer be read (retention deleted them): logged and counted done. */
    private void lost(long from, long to) {
        long first = progress.nextNotDone(from);
        if (first >= to) {
            return;
        }
        log.error("delayed delivery: timer records at timer-queue offsets [{}, {}) were deleted (retention) before "
                + "they were delivered; they are lost", first, to);
        progress.markDone(first, to);
    }

    private static long dueTime(StoredRecord record) {
        String value = record.property(MessageProperties.TIMER_DELIVER_MS);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0; // deliver now; the re-put checks the record further
        }
    }

    /**
     * Delivers {@code message} to its topic and queue at {@code deliverAtMillis} (epoch milliseconds, by this
     * service's clock). If that is not in the future the message is appended to its topic now; otherwise a copy is
     * appended to {@value #TIMER_TOPIC}, and the future completes with that record's place once it is stored
     * &mdash; from then on the delivery survives a restart.
     *
     * @throws IllegalStateException    if the service is not started or is closed
     * @throws IllegalArgumentException if the message is a prepared or rolled-back transactional message, or is due
     *                                  later than the store's retention time from now
     * @throws MessageRejectedException as {@link MessageStore#append} does
     */
    public CompletableFuture<AppendResult> schedule(MessageToAppend message, long deliverAtMillis) {
        Objects.requireNonNull(message, "message");
        if (!started || closed) {
            throw new IllegalStateException(closed ? "the delayed delivery service is closed"
                    : "the delayed delivery service is not started");
        }
        int transactionType = message.sysFlag() & RecordFormat.SYSFLAG_TRANSACTION_TYPE_MASK;
        if (transactionType == RecordFormat.SYSFLAG_TRANSACTION_PREPARED
                || transactionType == RecordFormat.SYSFLAG_TRANSACTION_ROLLBACK) {
            throw new IllegalArgumentException("a prepared or rolled-back transactional message cannot be delayed");
        }
        long now = clock.millis();
        if (deliverAtMillis <= now) {
            return store.append(message);
        }
        Duration retention = store.config().retentionTime();
        if (retention != null && deliverAtMillis - now >= retention.toMillis()) {
            throw new IllegalArgumentException("delivery is " + (deliverAtMillis - now) + " ms away; it must be "
                    + "within the store's retention time (" + retention + "), or the timer record could be deleted "
                    + "before it is due");
        }
        MessageToAppend.Builder copy = MessageToAppend.builder(TIMER_TOPIC)
                .queueId(TIMER_QUEUE_ID)
                .flag(message.flag())
                .sysFlag(message.sysFlag())
                .body(message.body())
                .bornTimestamp(message.bornTimestamp())
                .bornHost(message.bornHost())
                .reconsumeTimes(message.reconsumeTimes())
                .preparedTransactionOffset(message.preparedTransactionOffset());
        Map<String, String> properties = new LinkedHashMap<>(message.properties());
        properties.remove(TIMER_MULTI_DISPATCH);
        properties.put(MessageProperties.TIMER_DELIVER_MS, Long.toString(deliverAtMillis));
        properties.put(MessageProperties.REAL_TOPIC, message.topic());
        properties.put(MessageProperties.REAL_QUEUE_ID, Integer.toString(message.queueId()));
        if (!message.multiDispatchTopics().isEmpty()) {
            properties.put(TIMER_MULTI_DISPATCH,
                    String.join(MessageProperties.MULTI_DISPATCH_SEPARATOR, message.multiDispatchTopics()));
        }
        return store.append(copy.properties(properties).build()).thenApply(result -> {
            add(new Timer(deliverAtMillis, result.queueOffset(), result.commitLogOffset(), result.size()));
            return result;
        });
    }

    /** Timers scheduled (their timer record is stored) and not yet delivered, including re-puts in progress. */
    public int pendingCount() {
        lock.lock();
        try {
            return timers.size() + inFlight.get();
        } finally {
            lock.unlock();
        }
    }

    /** Queues a timer; wakes the timer thread if it is now the earliest. Called on store threads: never blocks. */
    private void add(Timer timer) {
        lock.lock();
        try {
            timers.add(timer);
            if (timers.peek() == timer) {
                wakeUp.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        while (running) {
            try {
                List<Timer> due = awaitDue();
                for (Timer timer : due) {
                    deliver(timer);
                }
                if (System.nanoTime() - lastSaveNanos >= SAVE_INTERVAL_NANOS) {
                    absorbCompleted(false);
                    if (progress.dirty()) {
                        progress.save(stateFile);
                    }
                    lastSaveNanos = System.nanoTime();
                }
            } catch (RuntimeException | Error e) {
                log.error("delayed delivery: timer thread failed; retrying in {} ms", RETRY_DELAY_MILLIS, e);
                pause(TimeUnit.MILLISECONDS.toNanos(RETRY_DELAY_MILLIS));
            }
        }
    }

    /**
     * Waits until timers are due and takes them (up to a batch), or until progress should be saved (then returns
     * an empty list), or until the service stops.
     */
    private List<Timer> awaitDue() {
        lock.lock();
        try {
            while (running) {
                long now = clock.millis();
                Timer head = timers.peek();
                if (head != null && head.fireAt() <= now) {
                    List<Timer> due = new ArrayList<>();
                    while (head != null && head.fireAt() <= now && due.size() < MAX_DUE_BATCH) {
                        due.add(timers.poll());
                        head = timers.peek();
                    }
                    // counted in flight from here, so pendingCount() never misses them
                    inFlight.addAndGet(due.size());
                    return due;
                }
                // Bounded, so that a change of the wall clock is noticed within MAX_WAIT.
                long waitNanos = head == null ? Long.MAX_VALUE
                        : Math.min(MAX_WAIT_NANOS, TimeUnit.MILLISECONDS.toNanos(head.fireAt() - now));
                if (progress.dirty() || !completed.isEmpty() || inFlight.get() > 0) {
                    long untilSave = SAVE_INTERVAL_NANOS - (System.nanoTime() - lastSaveNanos);
                    if (untilSave <= 0) {
                        return List.of();
                    }
                    waitNanos = Math.min(waitNanos, untilSave);
                }
                try {
                    if (waitNanos == Long.MAX_VALUE) {
                        wakeUp.await();
                    } else {
                        wakeUp.awaitNanos(waitNanos);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    running = false;
                }
            }
            return List.of();
        } finally {
            lock.unlock();
        }
    }

    private void pause(long nanos) {
        lock.lock();
        try {
            if (running) {
                wakeUp.awaitNanos(nanos);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Re-puts one due timer (already counted in flight); on completion it is recorded as completed. */
    private void deliver(Timer timer) {
        MessageToAppend reput;
        try {
            Loaded loaded = readReput(timer);
            if (loaded == Loaded.RETRY) {
                retry(timer);
                return;
            }
            if (loaded == Loaded.UNDELIVERABLE) {
                settled(timer, 0); // logged; counted done
                return;
            }
            reput = loaded.message();
        } catch (RuntimeException e) {
            log.error("delayed delivery: cannot read timer record at timer-queue offset {}; retrying in {} ms",
                    timer.queueOffset(), RETRY_DELAY_MILLIS, e);
            retry(timer);
            return;
        }
        CompletableFuture<AppendResult> future;
        try {
            future = store.append(reput);
        } catch (MessageRejectedException e) {
            // the store is closed or full of itself; the same message was accepted once, so try again later
            log.warn("delayed delivery: store rejected the re-put of timer-queue offset {} ({}); retrying in {} ms",
                    timer.queueOffset(), e.getMessage(), RETRY_DELAY_MILLIS);
            retry(timer);
            return;
        }
        future.whenComplete((result, error) -> {
            if (error == null) {
                settled(timer, result.commitLogOffset() + result.size());
                return;
            }
            Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof MessageRejectedException) {
                log.error("delayed delivery: the store refuses the message of timer-queue offset {} for {}:{} ({}); "
                        + "it is dropped", timer.queueOffset(), reput.topic(), reput.queueId(), cause.getMessage());
                settled(timer, 0);
            } else {
                log.error("delayed delivery: re-put of timer-queue offset {} failed; retrying in {} ms",
                        timer.queueOffset(), RETRY_DELAY_MILLIS, cause);
                retry(timer);
            }
        });
    }

    /** What reading a timer record back gave: the re-put, or {@link #RETRY} later, or {@link #UNDELIVERABLE}. */
    private record Loaded(MessageToAppend message) {
        static final Loaded RETRY = new Loaded(null);
        static final Loaded UNDELIVERABLE = new Loaded(null);

        static Loaded of(MessageToAppend message) {
            return message == null ? UNDELIVERABLE : new Loaded(message);
        }
    }

    /** Reads a timer record back and builds its re-put. */
    private Loaded readReput(Timer timer) {
        long offset = timer.queueOffset();
        try (ReadResult result = store.read(TIMER_TOPIC, TIMER_QUEUE_ID, offset, 1, Integer.MAX_VALUE)) {
            switch (result.status()) {
                case FOUND -> {
                    QueuedMessage m = result.messages().get(0);
                    if (m.queueOffset() == offset) {
                        return Loaded.of(buildReput(m.record(), offset));
                    }
                    return gone(offset);
                }
                case NO_MATCHED_MESSAGE, OFFSET_TOO_SMALL -> {
                    return gone(offset);
                }
                default -> {
                    // NO_NEW_MESSAGE / OFFSET_TOO_LARGE: the store has written the record but not dispatched it
                    // into the timer queue yet (a timer due right after it was scheduled). Read it by place.
                }
            }
        }
        Optional<StoredRecord> record = store.lookupByOffsetMessageId(
                new OffsetMessageId(store.config().storeHost(), timer.commitLogOffset()).encode());
        if (record.isPresent() && record.get().topic().equals(TIMER_TOPIC)
                && record.get().queueId() == TIMER_QUEUE_ID && record.get().queueOffset() == offset) {
            return Loaded.of(buildReput(record.get(), offset));
        }
        return Loaded.RETRY;
    }

    private static Loaded gone(long offset) {
        log.error("delayed delivery: the timer record at timer-queue offset {} was deleted (retention) before it "
                + "was delivered; it is lost", offset);
        return Loaded.UNDELIVERABLE;
    }

    /** The message as it was scheduled, addressed to its real topic; null (logged) if the record is not a timer. */
    private static MessageToAppend buildReput(StoredRecord record, long offset) {
        Map<String, String> properties = record.properties();
        String realTopic = properties.remove(MessageProperties.REAL_TOPIC);
        String realQueueId = properties.remove(MessageProperties.REAL_QUEUE_ID);
        String multiDispatch = properties.remove(TIMER_MULTI_DISPATCH);
        // written by the store at append; it writes its own again for the new record
        properties.remove(RecordFormat.CRC32_PROPERTY);
        properties.remove(MessageProperties.INNER_MULTI_DISPATCH);
        properties.remove(MessageProperties.INNER_MULTI_QUEUE_OFFSET);
        try {
            if (realTopic == null || realQueueId == null) {
                throw new IllegalArgumentException("it has no " + MessageProperties.REAL_TOPIC + " or "
                        + MessageProperties.REAL_QUEUE_ID + " property");
            }
            MessageToAppend.Builder builder = MessageToAppend.builder(realTopic)
                    .queueId(Integer.parseInt(realQueueId))
                    .flag(record.flag())
                    .sysFlag(record.sysFlag())
                    .body(record.bodyBytes())
                    .bornTimestamp(record.bornTimestamp())
                    .bornHost(record.bornHost())
                    .reconsumeTimes(record.reconsumeTimes())
                    .preparedTransactionOffset(record.preparedTransactionOffset())
                    .properties(properties);
            if (multiDispatch != null && !multiDispatch.isEmpty()) {
                for (String topic : multiDispatch.split(MessageProperties.MULTI_DISPATCH_SEPARATOR)) {
                    builder.alsoDispatchTo(topic);
                }
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            log.error("delayed delivery: the record at timer-queue offset {} is not a deliverable timer ({}); "
                    + "it is skipped", offset, e.getMessage());
            return null;
        }
    }

    /** A re-put completed (or the timer can never be delivered: {@code end} 0); it counts done once forced. */
    private void settled(Timer timer, long end) {
        completed.add(new long[]{timer.queueOffset(), end});
        leaveFlight();
    }

    /** Tries a timer again later (back in the queue and out of flight in one step, so it is counted once). */
    private void retry(Timer timer) {
        lock.lock();
        try {
            Timer later = new Timer(clock.millis() + RETRY_DELAY_MILLIS, timer.queueOffset(),
                    timer.commitLogOffset(), timer.size());
            timers.add(later);
            if (timers.peek() == later) {
                wakeUp.signal();
            }
            if (inFlight.decrementAndGet() == 0 && !running) {
                reputsSettled.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private void leaveFlight() {
        if (inFlight.decrementAndGet() == 0 && !running) {
            lock.lock();
            try {
                reputsSettled.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Moves completed re-puts into the progress: those whose record the commit log has forced, or all of them when
     * {@code all} (at close, just before the store is closed and forces everything).
     */
    private void absorbCompleted(boolean all) {
        long flushed = store.commitLogFlushedOffset();
        for (Iterator<long[]> it = completed.iterator(); it.hasNext(); ) {
            long[] c = it.next();
            if (all || c[1] <= flushed) {
                progress.markDone(c[0]);
                it.remove();
            }
        }
    }

    /**
     * Stops the timer thread, waits (up to 30 s) for re-puts in progress, and saves the progress. Close this before
     * the store. Timers not yet due stay in the timer topic and are delivered after the next {@link #start}.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (!started) {
            return;
        }
        lock.lock();
        try {
            running = false;
            wakeUp.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    log.warn("delayed delivery: {} re-puts still in progress at close; they will be delivered again "
                            + "after restart", inFlight.get());
                    break;
                }
                reputsSettled.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
        absorbCompleted(true);
        progress.save(stateFile);
        log.info("delayed delivery stopped: {} timers pending, progress saved (watermark {}, {} done ranges above it)",
                pendingCount(), progress.watermark(), progress.rangeCount());
    }
}
