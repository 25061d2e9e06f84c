package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.filter.SelectorConflictException;
import dev.junctionmq.broker.engine.group.ConsumerOffsetTable;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.topic.TopicConfig;
import dev.junctionmq.broker.engine.topic.TopicRegistry;
import dev.junctionmq.broker.store.DispatchListener;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.commitlog.QueueKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Consumer groups, their members and their queue cursors; turns store notifications and credit into deliveries.
 *
 * <p>Threads: each queue cursor belongs to one of {@code deliveryThreads} single-thread executors, chosen by hash,
 * which owns all of its state. Membership changes take this manager's lock (they are rare); the hot paths — new
 * messages, credit, acks — only hop onto the owning thread.
 */
public final class SubscriptionManager implements DispatchListener, AutoCloseable {

    /** How a failed message is copied to a retry or dead-letter queue. */
    @FunctionalInterface
    public interface CopyStore {
        CompletableFuture<?> storeCopy(Message message, String targetTopic, int reconsumeTimes, long delayMillis);
    }

    private static final Logger log = LoggerFactory.getLogger(SubscriptionManager.class);

    private final MessageStore store;
    private final ConsumerOffsetTable offsets;
    private final TopicRegistry topics;
    private final DeliveryPolicy policy;
    private final CopyStore copyStore;
    private static final String DELIVERY_THREAD_PREFIX = "junction-delivery-";

    private final ExecutorService[] deliveryThreads;
    private final ScheduledExecutorService scheduler;
    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private final Map<QueueKey, CopyOnWriteArrayList<QueueCursor>> cursorsByQueue = new ConcurrentHashMap<>();
    private final DeliveryContext context;
    private final GroupBrowser browser;
    /** Progress of durable groups whose last member left, per queue (see {@link DeliveryContext#leaveBehind}). */
    private final Map<GroupQueue, QueueProgress> leftBehind = new ConcurrentHashMap<>();

    private record GroupQueue(String group, String topic, int queueId) {
    }
    /** A browse waits at most this long for a busy delivery thread, then uses the committed offsets. */
    private static final long BROWSE_VIEW_TIMEOUT_SECONDS = 5;

    public SubscriptionManager(MessageStore store, ConsumerOffsetTable offsets, TopicRegistry topics,
                               DeliveryPolicy policy, CopyStore copyStore, int threads) {
        this.store = store;
        this.offsets = offsets;
        this.topics = topics;
        this.policy = policy;
        this.copyStore = copyStore;
        this.deliveryThreads = new ExecutorService[threads];
        for (int i = 0; i < threads; i++) {
            String name = DELIVERY_THREAD_PREFIX + i;
            deliveryThreads[i] = Executors.newSingleThreadExecutor(r -> daemon(r, name));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "junction-visibility-timer"));
        this.context = new Context();
        this.browser = new GroupBrowser(store);
        scheduler.scheduleWithFixedDelay(this::expireOverdue, 1, 1, TimeUnit.SECONDS);
        topics.onDelete(this::topicDeleted);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Joins (or creates) the group and starts delivering as soon as credit is granted. */
    public Subscriber subscribe(SubscriptionSpec spec, DeliveryListener listener) {
        return subscribe(spec, listener, GroupFilters.GROUP);
    }

    /**
     * Joins (or creates) the group and starts delivering as soon as credit is granted.
     *
     * @param filters whose filter decides what members get, for a group this creates (an existing group keeps its
     *                own); with {@link GroupFilters#ONE}, a member with another filter than the active members'
     *                changes nothing and gets {@link SelectorConflictException}
     */
    public synchronized Subscriber subscribe(SubscriptionSpec spec, DeliveryListener listener, GroupFilters filters) {
        TopicConfig topic = topics.require(spec.topic());
        String groupName = spec.mode() == ConsumeMode.BROADCASTING
                ? spec.group() + "%" + spec.memberId() : spec.group();
        ConsumerGroup existing = groups.get(groupName);
        if (existing != null && existing.filters() == GroupFilters.ONE && existing.memberCount() > 0
                && existing.hasTopic(spec.topic())) {
            MessageFilter active = existing.cursorsOf(spec.topic()).get(0).filter();
            if (!active.equals(spec.filter())) {
                throw new SelectorConflictException(groupName, spec.topic(), active, spec.filter());
            }
        }
        Subscriber subscriber = new Subscriber(spec, listener, this);
        ConsumerGroup group = groups.computeIfAbsent(groupName, name -> newGroup(name, spec, filters));
        if (!group.hasTopic(spec.topic())) {
            List<QueueCursor> cursors = new ArrayList<>();
            for (int queueId = 0; queueId < topic.queues(); queueId++) {
                cursors.add(newCursor(group, spec.topic(), queueId, false, spec));
            }
            group.addTopic(spec.topic(), cursors);
        } else {
            // The latest subscription's filter wins, as in RocketMQ.
            if (group.filters() != GroupFilters.PER_MEMBER) {
                group.cursorsOf(spec.topic()).forEach(c -> c.updateFilter(spec.filter()));
            }
        }
        subscriber.group = group;
        group.join(subscriber);
        if (group.filters() == GroupFilters.PER_MEMBER) {
            group.allCursors().forEach(QueueCursor::schedulePump); // what waits for a filter like the newcomer's
        }
        log.info("subscriber {} joined group {} on topic {} ({} member(s))", spec.memberId(), groupName,
                spec.topic(), group.memberCount());
        return subscriber;
    }

    private ConsumerGroup newGroup(String name, SubscriptionSpec spec, GroupFilters filters) {
        ConsumerGroup group = new ConsumerGroup(name, spec, filters);
        group.setRetryCursor(newCursor(group, DeliveryPolicy.retryTopic(name), 0, true, spec));
        return group;
    }

    private QueueCursor newCursor(ConsumerGroup group, String topic, int queueId, boolean retry,
                                  SubscriptionSpec spec) {
        ExecutorService thread = deliveryThreads[Math.floorMod((group.name() + '\0' + topic + '\0' + queueId)
                .hashCode(), deliveryThreads.length)];
        QueueCursor cursor = new QueueCursor(context, group, topic, queueId, retry,
                retry || group.filters() == GroupFilters.PER_MEMBER ? MessageFilter.ALL : spec.filter(), thread);
        cursorsByQueue.computeIfAbsent(new QueueKey(topic, queueId), k -> new CopyOnWriteArrayList<>()).add(cursor);
        cursor.positionAtStart();
        return cursor;
    }

    synchronized void unsubscribe(Subscriber subscriber) {
        ConsumerGroup group = subscriber.group;
        if (group == null) {
            return;
        }
        List<QueueCursor> cursors = group.allCursors();
        cursors.forEach(c -> c.releaseAllHeldBy(subscriber));
        boolean empty = group.leave(subscriber);
        log.info("subscriber {} left group {} ({} member(s) left)", subscriber.spec().memberId(), group.name(),
                group.memberCount());
        if (empty) {
            groups.remove(group.name());
            for (QueueCursor cursor : cursors) {
                cursor.close();
                List<QueueCursor> indexed = cursorsByQueue.get(new QueueKey(cursor.topic(), cursor.queueId()));
                if (indexed != null) {
                    indexed.remove(cursor);
                }
            }
        }
    }

    /**
     * Forgets a group without members (a deleted durable subscription).
     *
     * @throws IllegalStateException if it has members
     */
    public boolean deleteInactiveGroup(String group) {
        checkInactive(group);
        // its last member's acks may still be queued on the delivery threads: a commit after the removal would
        // bring the group back (the wait happens outside the lock, which delivery tasks may need)
        awaitQueuedDeliveryTasks();
        synchronized (this) {
            checkInactive(group);
            leftBehind.keySet().removeIf(key -> key.group().equals(group));
            return offsets.removeGroup(group);
        }
    }

    /**
     * The topics a consumer group has offsets in, once the delivery tasks queued so far have run: a subscribe that
     * returned has queued its cursors' start positions there, and a durable group exists from that subscribe on,
     * even if its member left before they ran.
     */
    public List<String> groupTopics(String group) {
        awaitQueuedDeliveryTasks();
        return offsets.topicsOf(group);
    }

    private synchronized void checkInactive(String group) {
        if (groups.containsKey(group)) {
            throw new IllegalStateException("subscription '" + group + "' still has active subscribers");
        }
    }

    /**
     * Up to {@code max} messages of a topic that a consumer group has still to consume, oldest first per queue, then
     * its retry queue's, through {@code filter}, without consuming them: see {@link GroupBrowser}. With a live
     * group the delivery threads are asked where each queue stands; otherwise its committed offsets are used (a
     * group without offsets: everything stored). Blocks on store reads: not for event loops.
     *
     * @param group the consumer group, or null for every stored message of the topic
     */
    public List<Message> browse(String topic, String group, MessageFilter filter, int max) {
        List<Message> found = new ArrayList<>();
        TopicConfig config = topics.find(topic).orElse(null);
        if (config == null || max <= 0) {
            return found;
        }
        ConsumerGroup live = group == null ? null : groups.get(group);
        List<QueueCursor> cursors = live == null ? List.of() : live.cursorsOf(topic);
        for (int queueId = 0; queueId < config.queues() && found.size() < max; queueId++) {
            QueueCursor cursor = queueId < cursors.size() ? cursors.get(queueId) : null;
            browser.read(topic, queueId, false, progressView(cursor, group, topic, queueId), filter, max, found);
        }
        if (group != null && found.size() < max) {
            String retryTopic = DeliveryPolicy.retryTopic(group);
            QueueCursor cursor = live == null ? null : live.retryCursor();
            browser.read(retryTopic, 0, true, progressView(cursor, group, retryTopic, 0), filter, max, found);
        }
        return found;
    }

    private QueueProgress progressView(QueueCursor cursor, String group, String topic, int queueId) {
        if (cursor != null) {
            try {
                return cursor.progressView().get(BROWSE_VIEW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.debug("no browse view from the cursor of {} on {}:{} ({}); using its committed offset", group,
                        topic, queueId, e.toString());
            }
        }
        if (group != null) {
            QueueProgress left = leftBehind.get(new GroupQueue(group, topic, queueId));
            if (left != null) {
                return left;
            }
        }
        OptionalLong committed = group == null ? OptionalLong.empty() : offsets.get(group, topic, queueId);
        return QueueProgress.from(committed.orElse(store.minOffset(topic, queueId)));
    }

    void creditGranted(Subscriber subscriber) {
        ConsumerGroup group = subscriber.group;
        if (group == null) {
            return;
        }
        boolean anyCursor = group.routesByMemberFilters(); // any cursor may have a message for this member
        for (QueueCursor cursor : group.allCursors()) {
            if (anyCursor || cursor.assignee() == subscriber) {
                cursor.schedulePump();
            }
        }
    }

    @Override
    public void onDispatched(String topic, int queueId, long nextOffset, long tagHash) {
        List<QueueCursor> cursors = cursorsByQueue.get(new QueueKey(topic, queueId));
        if (cursors != null) {
            for (QueueCursor cursor : cursors) {
                cursor.schedulePump();
            }
        }
    }

    private void expireOverdue() {
        if (policy.visibilityTimeout().isZero()) {
            return;
        }
        long now = System.currentTimeMillis();
        cursorsByQueue.values().forEach(list -> list.forEach(c -> c.expireOverdue(now)));
    }

    private void topicDeleted(TopicConfig topic) {
        // Acks run on the delivery threads and commit offsets there: let every task queued before the delete run
        // first, or a late commit would bring the deleted topic's offsets back (and a topic created again under
        // the same name would start its old groups past its new messages).
        awaitQueuedDeliveryTasks();
        leftBehind.keySet().removeIf(key -> key.topic().equals(topic.topicName()));
        offsets.removeTopic(topic.topicName());
    }

    private void awaitQueuedDeliveryTasks() {
        if (Thread.currentThread().getName().startsWith(DELIVERY_THREAD_PREFIX)) {
            return; // a delivery thread cannot wait for itself (a listener closing a session with temporary topics)
        }
        for (ExecutorService thread : deliveryThreads) {
            try {
                thread.submit(() -> { }).get(5, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                return; // shutting down: nothing more will run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.warn("delivery thread still busy after 5 s; going on without waiting for it");
            }
        }
    }

    public int groupCount() {
        return groups.size();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        for (ExecutorService thread : deliveryThreads) {
            thread.shutdown();
        }
        for (ExecutorService thread : deliveryThreads) {
            try {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final class Context implements DeliveryContext {
        @Override
        public MessageStore store() {
            return store;
        }

        @Override
        public ConsumerOffsetTable offsets() {
            return offsets;
        }

        @Override
        public ScheduledExecutorService scheduler() {
            return scheduler;
        }

        @Override
        public DeliveryPolicy policy() {
            return policy;
        }

        @Override
        public void leaveBehind(String group, String topic, int queueId, QueueProgress progress) {
            leftBehind.put(new GroupQueue(group, topic, queueId), progress);
        }

        @Override
        public QueueProgress leftBehind(String group, String topic, int queueId) {
            return leftBehind.get(new GroupQueue(group, topic, queueId));
        }

        @Override
        public void forgetLeftBehind(String group, String topic, int queueId) {
            leftBehind.remove(new GroupQueue(group, topic, queueId));
        }

        @Override
        public CompletableFuture<?> storeCopy(Message message, String targetTopic, int reconsumeTimes,
                                              long delayMillis) {
            return copyStore.storeCopy(message, targetTopic, reconsumeTimes, delayMillis);
        }
    }
}
