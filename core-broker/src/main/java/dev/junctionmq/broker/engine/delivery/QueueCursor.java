package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.store.QueuedMessage;
import dev.junctionmq.broker.store.ReadResult;
import dev.junctionmq.broker.store.record.MessageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * One consumer group's position in one queue, and the deliveries it has out.
 *
 * <p>All state is owned by one delivery thread ({@link #executor}); every public operation hops onto it, so there
 * are no locks. The committed offset is the oldest delivered-but-unacknowledged offset, or the read position when
 * nothing is out: it only moves over a contiguous acknowledged range, and a restart redelivers whatever was not
 * acknowledged.
 */
final class QueueCursor {

    private static final Logger log = LoggerFactory.getLogger(QueueCursor.class);
    private static final int READ_BATCH = 32;
    private static final int READ_BYTES = 1024 * 1024;
    /**
     * Messages of a {@link GroupFilters#PER_MEMBER} group held per queue (in heap) because no member that matches
     * them has credit, or none matches; with this many held, the cursor reads no further.
     */
    static final int MAX_HELD_FOR_MEMBERS = 1000;
    /** The same bound in body bytes, so that large messages are held in fewer numbers. */
    static final long MAX_HELD_BYTES_FOR_MEMBERS = 16L * 1024 * 1024;

    private final DeliveryContext context;
    private final ConsumerGroup group;
    private final String topic;
    private final int queueId;
    private final boolean retryQueue;
    private final Executor executor;
    private final AtomicBoolean pumpScheduled = new AtomicBoolean();
    private volatile Subscriber assignee;
    private volatile MessageFilter filter;
    private volatile boolean closed;

    // Owned by the executor thread.
    private long nextOffset = -1;
    /** What an earlier cursor of the group left, while this one reads the range it had read: skips its acks. */
    private QueueProgress resumed;
    private final TreeMap<Long, InFlight> inFlight = new TreeMap<>();
    private final ArrayDeque<Long> redeliveryQueue = new ArrayDeque<>();

    /** A delivered, not yet acknowledged message. */
    private static final class InFlight {
        final Message message;
        int failures;
        Subscriber holder;
        long deadline;
        boolean redelivered;
        boolean moving;

        InFlight(Message message) {
            this.message = message;
        }
    }

    /** Acked offsets not yet applied on the delivery thread, and whether a task to apply them is queued. */
    private final Queue<Long> pendingAcks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean ackDrainScheduled = new AtomicBoolean();

    /** The queue's next offset when this cursor was created: where a group starting at LAST begins. */
    private final long endAtCreation;

    QueueCursor(DeliveryContext context, ConsumerGroup group, String topic, int queueId, boolean retryQueue,
                MessageFilter filter, Executor executor) {
        this.context = context;
        this.group = group;
        this.topic = topic;
        this.queueId = queueId;
        this.retryQueue = retryQueue;
        this.filter = filter;
        this.executor = executor;
        // "From now on" means from the subscribe call, not from the first (asynchronous) read of this queue.
        this.endAtCreation = context.store().nextQueueOffset(topic, queueId);
    }

    String topic() {
        return topic;
    }

    int queueId() {
        return queueId;
    }

    Subscriber assignee() {
        return assignee;
    }

    void assign(Subscriber subscriber) {
        this.assignee = subscriber;
        schedulePump();
    }

    MessageFilter filter() {
        return filter;
    }

    void updateFilter(MessageFilter newFilter) {
        this.filter = newFilter;
    }

    /** Asks the delivery thread to push what it can; calls made while one is pending collapse into it. */
    void schedulePump() {
        if (!closed && pumpScheduled.compareAndSet(false, true)) {
            submit(this::pump);
        }
    }

    /**
     * Acknowledges a delivery. Acks arrive one per message from the front ends' threads; they queue here and one
     * task on the delivery thread applies all that have arrived (one hand-off and one offset commit per burst, not
     * per message). A caller's later calls still run after its acks: the draining task is submitted before them.
     */
    void ack(long offset) {
        pendingAcks.add(offset);
        if (ackDrainScheduled.compareAndSet(false, true)) {
            submit(this::applyPendingAcks);
        }
    }

    private void applyPendingAcks() {
        ackDrainScheduled.set(false);
        boolean removed = false;
        Long offset;
        while ((offset = pendingAcks.poll()) != null) {
            InFlight entry = inFlight.get(offset);
            if (entry == null || entry.moving) {
                continue;
            }
            inFlight.remove(offset);
            redeliveryQueue.remove(offset);
            removed = true;
        }
        if (removed) {
            commitProgress();
            if (group.orderly()) {
                schedulePump();
            }
        }
    }

    void release(long offset) {
        submit(() -> {
            InFlight entry = inFlight.get(offset);
            if (entry == null || entry.moving || entry.holder == null) {
                return;
            }
            requeue(offset, entry);
            schedulePump();
        });
    }

    void fail(long offset) {
        submit(() -> failNow(offset));
    }

    private void failNow(long offset) {
        InFlight entry = inFlight.get(offset);
        if (entry == null || entry.moving) {
            return;
        }
        entry.failures++;
        int reconsumeTimes = entry.message.reconsumeTimes() + entry.failures;
        DeliveryPolicy policy = context.policy();
        if (reconsumeTimes > policy.maxReconsumeTimes()) {
            moveTo(offset, entry, DeliveryPolicy.deadLetterTopic(group.name()), reconsumeTimes, 0);
        } else if (group.orderly()) {
            // Ordered queues retry in place: nothing behind it may overtake it.
            entry.holder = null;
            entry.redelivered = true;
            context.scheduler().schedule(() -> submit(() -> {
                if (inFlight.get(offset) == entry && entry.holder == null && !redeliveryQueue.contains(offset)) {
                    redeliveryQueue.addFirst(offset);
                    pump();
                }
            }), policy.orderlySuspend().toMillis(), TimeUnit.MILLISECONDS);
        } else {
            moveTo(offset, entry, DeliveryPolicy.retryTopic(group.name()), reconsumeTimes,
                    policy.retryDelay().toMillis());
        }
    }

    /** Stores a copy elsewhere, and only then lets the original go: a crash in between duplicates, never loses. */
    private void moveTo(long offset, InFlight entry, String target, int reconsumeTimes, long delayMillis) {
        entry.moving = true;
        entry.holder = null;
        context.storeCopy(entry.message, target, reconsumeTimes, delayMillis).whenComplete((result, error) ->
                submit(() -> {
                    if (error == null) {
                        inFlight.remove(offset);
                        commitProgress();
                        if (target.startsWith("%DLQ%")) {
                            log.warn("message {} of {} failed {} times; moved to dead-letter queue {}",
                                    entry.message.messageId(), group.name(), reconsumeTimes, target);
                        }
                    } else {
                        log.error("could not store message {} into {}; it will be delivered again",
                                entry.message.messageId(), target, error);
                        entry.moving = false;
                        entry.failures--;
                        requeue(offset, entry);
                    }
                    schedulePump();
                }));
    }

    private void requeue(long offset, InFlight entry) {
        entry.holder = null;
        entry.redelivered = true;
        if (group.orderly()) {
            redeliveryQueue.addFirst(offset);
        } else {
            redeliveryQueue.addLast(offset);
        }
    }

    /** Gives back everything {@code subscriber} holds (it left the group). */
    void releaseAllHeldBy(Subscriber subscriber) {
        submit(() -> {
            List<Long> held = new ArrayList<>();
            inFlight.forEach((offset, entry) -> {
                if (entry.holder == subscriber && !entry.moving) {
                    held.add(offset);
                }
            });
            held.forEach(offset -> requeue(offset, inFlight.get(offset)));
            schedulePump();
        });
    }

    /** Deliveries unacknowledged past the visibility timeout count as failed. */
    void expireOverdue(long now) {
        submit(() -> {
            List<Long> overdue = new ArrayList<>();
            for (Map.Entry<Long, InFlight> e : inFlight.entrySet()) {
                InFlight entry = e.getValue();
                if (entry.holder != null && !entry.moving && entry.deadline > 0 && entry.deadline <= now) {
                    log.warn("message {} delivered to {} was not acknowledged within {}; delivering it again",
                            entry.message.messageId(), entry.holder, context.policy().visibilityTimeout());
                    overdue.add(e.getKey());
                }
            }
            overdue.forEach(this::failNow);
        });
    }

    /**
     * Stops the cursor once the group has no members. Runs after every task already queued for it, so a
     * non-durable group's offsets are removed after its last commit, never before.
     */
    void close() {
        closed = true;
        submit(() -> {
            if (!group.durable()) {
                context.offsets().remove(group.name(), topic, queueId);
            } else if (nextOffset >= 0) {
                // acknowledgements beyond the committed offset live only here: the next cursor of the group
                // resumes from them, so what was acknowledged is not delivered again (until a restart)
                context.leaveBehind(group.name(), topic, queueId, currentProgress());
            }
        });
    }

    /**
     * What the group has still to consume in this queue, as a browser shows it: taken on the cursor's thread. Before
     * the first read (no credit yet) that is everything from where the group would start.
     */
    CompletableFuture<QueueProgress> progressView() {
        CompletableFuture<QueueProgress> view = new CompletableFuture<>();
        submit(() -> {
            try {
                view.complete(nextOffset < 0 ? startProgress() : currentProgress());
            } catch (RuntimeException e) {
                view.completeExceptionally(e);
            }
        });
        return view;
    }

    private QueueProgress currentProgress() {
        return resumed != null ? merged() : progress();
    }

    private QueueProgress progress() {
        Set<Long> unacknowledged = new HashSet<>();
        inFlight.forEach((offset, entry) -> {
            if (!entry.moving) { // a moving one is on its way to the retry or dead-letter queue
                unacknowledged.add(offset);
            }
        });
        long committed = inFlight.isEmpty() ? nextOffset : inFlight.firstKey();
        return new QueueProgress(committed, nextOffset, unacknowledged);
    }

    /** Where a first read starts: what a previous cursor of the same durable group left, or the start offset. */
    private QueueProgress startProgress() {
        QueueProgress left = context.leftBehind(group.name(), topic, queueId);
        if (left == null) {
            return QueueProgress.from(startOffset());
        }
        long min = context.store().minOffset(topic, queueId);
        long max = context.store().nextQueueOffset(topic, queueId);
        return new QueueProgress(Math.max(min, Math.min(max, left.committed())), left.nextOffset(),
                left.unacknowledged());
    }

    /** This cursor's progress while still inside the range a previous cursor had read. */
    private QueueProgress merged() {
        QueueProgress own = progress();
        Set<Long> unacknowledged = new HashSet<>(own.unacknowledged());
        resumed.unacknowledged().stream().filter(offset -> offset >= nextOffset).forEach(unacknowledged::add);
        return new QueueProgress(Math.min(own.committed(), resumedCommitted()), resumed.nextOffset(),
                unacknowledged);
    }

    private long resumedCommitted() {
        return resumed.unacknowledged().stream().filter(offset -> offset >= nextOffset).min(Long::compare)
                .orElse(nextOffset);
    }

    /**
     * Fixes where the group starts in this queue as soon as the cursor exists, not at its first read: a durable group
     * whose only member leaves before that read (an MQTT persistent session that subscribes and disconnects) still
     * starts at its subscribe, and gets what was sent while it was away, after a reconnect or a restart.
     */
    void positionAtStart() {
        submit(() -> {
            if (group.durable() || !closed) {
                position();
            }
        });
    }

    /** Sets the read position on first use: the committed offset, what an earlier cursor left, or the start. */
    private void position() {
        if (nextOffset >= 0) {
            return;
        }
        QueueProgress start = startProgress();
        context.forgetLeftBehind(group.name(), topic, queueId);
        nextOffset = start.committed();
        resumed = start.nextOffset() > start.committed() ? start : null;
        commitProgress();
    }

    /** Runs {@code task} on this cursor's thread; after engine shutdown, tasks are dropped. */
    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("engine stopped; dropping a task for {}:{}", topic, queueId);
        }
    }

    private void pump() {
        pumpScheduled.set(false);
        Subscriber subscriber = assignee;
        if (closed || subscriber == null || subscriber.isClosed()) {
            return;
        }
        position();
        if (group.routesByMemberFilters()) {
            pumpByMemberFilters();
            return;
        }
        if (!redeliverQueued(subscriber)) {
            return;
        }
        if (group.orderly() && !inFlight.isEmpty()) {
            return;
        }
        int granted = subscriber.acquireCredit(group.orderly() ? 1 : READ_BATCH);
        if (granted == 0) {
            subscriber.markStarved(this);
            return;
        }
        int delivered = readAndDeliver(granted, message -> subscriber);
        subscriber.returnCredit(granted - delivered);
    }

    /**
     * Reads up to {@code max} messages from the read position and delivers each that the cursor's filter passes (not
     * expired, not acknowledged while an earlier cursor of the group held it) to the member {@code recipient} picks,
     * or holds it for a later pass when it picks none. Then moves the read position, commits, and schedules another
     * pass if more may be there.
     *
     * @return how many were delivered
     */
    private int readAndDeliver(int max, Function<Message, Subscriber> recipient) {
        int delivered = 0;
        boolean more;
        MessageFilter currentFilter = filter;
        try (ReadResult read = context.store().read(topic, queueId, nextOffset, max, READ_BYTES,
                currentFilter.tagHashPrefilter())) {
            for (QueuedMessage queued : read.messages()) {
                long offset = queued.queueOffset();
                if (resumed != null && !resumed.pending(offset)) {
                    continue; // acknowledged while an earlier member of the group held it
                }
                Message message = toMessage(queued);
                if (message == null || !currentFilter.matches(new MessageFilterSubject(message))
                        || isExpired(message)) {
                    continue;
                }
                InFlight entry = new InFlight(message);
                entry.redelivered = retryQueue;
                inFlight.put(offset, entry);
                Subscriber member = recipient.apply(message);
                if (member == null) {
                    redeliveryQueue.addLast(offset);
                } else {
                    deliver(member, offset, entry);
                    delivered++;
                }
            }
            if (read.status() != ReadResult.Status.OFFSET_TOO_LARGE
                    || nextOffset > context.store().nextQueueOffset(topic, queueId)) {
                nextOffset = read.nextOffset();
            } // else: appended, not dispatched yet (a group starting "from now on"): wait there
            more = read.status() == ReadResult.Status.FOUND || read.status() == ReadResult.Status.NO_MATCHED_MESSAGE
                    || read.status() == ReadResult.Status.OFFSET_TOO_SMALL;
            if (read.status() == ReadResult.Status.OFFSET_TOO_SMALL) {
                log.warn("group {} fell behind retention on {}:{}; skipping to offset {}", group.name(), topic,
                        queueId, nextOffset);
            }
        }
        if (resumed != null && nextOffset >= resumed.nextOffset()) {
            resumed = null;
        }
        commitProgress();
        if (more && nextOffset < context.store().maxOffset(topic, queueId)) {
            schedulePump();
        }
        return delivered;
    }

    /**
     * Delivery in a group whose members have filters of their own ({@link GroupFilters#PER_MEMBER}, a queue's
     * receivers with selectors): each message goes to a member whose filter matches it and that has credit, this
     * queue's assignee first. Otherwise it is held, and offered first, in order, when a member grants credit or
     * joins: it stays unacknowledged, so the committed offset waits for it (across a restart too) and browsers show
     * it. With {@value #MAX_HELD_FOR_MEMBERS} held, or {@value #MAX_HELD_BYTES_FOR_MEMBERS} bytes of bodies, the
     * cursor reads no further.
     */
    private void pumpByMemberFilters() {
        // a member found without credit stays so for the rest of this pass: credit granted meanwhile must not let
        // a newer message overtake one held for it
        Set<Subscriber> outOfCredit = new HashSet<>();
        long heldBytes = offerQueuedToMembers(outOfCredit);
        if (redeliveryQueue.size() >= MAX_HELD_FOR_MEMBERS || heldBytes >= MAX_HELD_BYTES_FOR_MEMBERS) {
            return;
        }
        // held when no member that matches it has credit, or none matches (the cursor's own filter is ALL here)
        readAndDeliver(READ_BATCH, message -> memberFor(message, outOfCredit));
    }

    /**
     * Offers held, released and failed messages again, each to a member that matches it and has credit.
     *
     * @return the body bytes of those still held
     */
    private long offerQueuedToMembers(Set<Subscriber> outOfCredit) {
        long heldBytes = 0;
        List<Long> taken = new ArrayList<>();
        List<Subscriber> takers = new ArrayList<>();
        Iterator<Long> queued = redeliveryQueue.iterator();
        while (queued.hasNext()) {
            long offset = queued.next();
            InFlight entry = inFlight.get(offset);
            if (!waitsForMember(entry)) {
                queued.remove();
                continue;
            }
            Subscriber member = memberFor(entry.message, outOfCredit);
            if (member != null) {
                queued.remove();
                taken.add(offset);
                takers.add(member);
            } else {
                heldBytes += entry.message.bodyUnsafe().length;
            }
        }
        // delivered after the walk: a listener that fails puts its message back in the queue being walked
        for (int i = 0; i < taken.size(); i++) {
            deliver(takers.get(i), taken.get(i), inFlight.get(taken.get(i)));
        }
        return heldBytes;
    }

    /**
     * A member whose own filter matches the message and that took a credit for it, the assignee first; or null.
     * Members that had no credit are added to {@code outOfCredit} and not asked again.
     */
    private Subscriber memberFor(Message message, Set<Subscriber> outOfCredit) {
        MessageFilterSubject subject = new MessageFilterSubject(message);
        Subscriber first = assignee;
        if (takes(first, subject, outOfCredit)) {
            return first;
        }
        for (Subscriber member : group.members()) {
            if (member != first && takes(member, subject, outOfCredit)) {
                return member;
            }
        }
        return null;
    }

    private boolean takes(Subscriber member, MessageFilterSubject subject, Set<Subscriber> outOfCredit) {
        if (member == null || member.isClosed() || outOfCredit.contains(member)
                || (!retryQueue && !member.spec().topic().equals(topic)) || !member.spec().filter().matches(subject)) {
            return false;
        }
        if (member.tryAcquireCredit()) {
            return true;
        }
        outOfCredit.add(member);
        return false;
    }

    /** Whether a queued entry still waits for a member (not acknowledged, delivered again, or being moved). */
    private static boolean waitsForMember(InFlight entry) {
        return entry != null && entry.holder == null && !entry.moving;
    }

    /** Delivers released and failed-in-place messages first; false if credit ran out. */
    private boolean redeliverQueued(Subscriber subscriber) {
        Iterator<Long> queued = redeliveryQueue.iterator();
        while (queued.hasNext()) {
            long offset = queued.next();
            InFlight entry = inFlight.get(offset);
            if (!waitsForMember(entry)) {
                queued.remove();
                continue;
            }
            if (!subscriber.tryAcquireCredit()) {
                subscriber.markStarved(this);
                return false;
            }
            queued.remove();
            deliver(subscriber, offset, entry);
            if (group.orderly()) {
                return false;
            }
        }
        return true;
    }

    private void deliver(Subscriber subscriber, long offset, InFlight entry) {
        entry.holder = subscriber;
        long timeout = context.policy().visibilityTimeout().toMillis();
        entry.deadline = timeout > 0 ? System.currentTimeMillis() + timeout : 0;
        int count = entry.message.reconsumeTimes() + entry.failures + 1;
        boolean redelivered = entry.redelivered || entry.message.reconsumeTimes() > 0;
        try {
            subscriber.listener().onDelivery(new Delivery(entry.message, count, redelivered, this, offset));
        } catch (RuntimeException e) {
            log.error("subscriber {} failed to take message {}; it will be delivered again", subscriber,
                    entry.message.messageId(), e);
            requeue(offset, entry);
        }
    }

    private Message toMessage(QueuedMessage queued) {
        try {
            var record = queued.record();
            String shownTopic = topic;
            if (retryQueue) {
                String original = record.property(MessageProperties.RETRY_TOPIC);
                shownTopic = original != null ? original : record.topic();
            } else if (!record.topic().equals(topic)) {
                shownTopic = topic; // indexed here from another topic (multi-dispatch)
            }
            return Message.from(record, shownTopic, queued.queueOffset());
        } catch (RuntimeException e) {
            log.error("message at {}:{} offset {} cannot be read and is skipped: {}", topic, queueId,
                    queued.queueOffset(), e.getMessage());
            return null;
        }
    }

    private static boolean isExpired(Message message) {
        long expiresAt = message.expiresAt();
        return expiresAt > 0 && System.currentTimeMillis() > expiresAt;
    }

    private long startOffset() {
        long min = context.store().minOffset(topic, queueId);
        long max = context.store().nextQueueOffset(topic, queueId);
        OptionalLong committed = context.offsets().get(group.name(), topic, queueId);
        if (committed.isPresent()) {
            // Clamp: after a crash the queue may be shorter than what was committed, or retention moved on.
            return Math.max(min, Math.min(max, committed.getAsLong()));
        }
        if (retryQueue) {
            return min;
        }
        return switch (group.startPosition()) {
            case FIRST -> min;
            // not the consume queue's end: a message already stored (its send acknowledged) but not yet dispatched
            // when the group was created is not "from now on"
            case LAST -> Math.min(endAtCreation, max);
            case TIMESTAMP -> context.store().offsetForTimestamp(topic, queueId, group.startTimestamp());
        };
    }

    private void commitProgress() {
        if (nextOffset < 0 || (closed && !group.durable())) {
            return;
        }
        long committed = inFlight.isEmpty() ? nextOffset : inFlight.firstKey();
        context.offsets().commit(group.name(), topic, queueId, committed);
    }
}
