package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.delivery.DeliveryListener;
import dev.junctionmq.broker.engine.delivery.DeliveryPolicy;
import dev.junctionmq.broker.engine.delivery.GroupFilters;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionManager;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.group.ConsumerOffsetTable;
import dev.junctionmq.broker.engine.message.EngineProperties;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.timer.DelayedDeliveryService;
import dev.junctionmq.broker.engine.topic.TopicConfig;
import dev.junctionmq.broker.engine.topic.TopicRegistry;
import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.UniqueIdGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The broker engine: topics, sending, consumer groups and delivery, on top of the {@link MessageStore}. Front
 * ends reach it through the SPI; tests and benchmarks may use it directly.
 */
public final class Engine implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Engine.class);
    /** Browses at once: each reads the store and may wait up to 2 s for the dispatcher; a few are plenty. */
    private static final int BROWSE_THREADS = 2;
    /** Browses waiting for a thread before new ones are refused (bounded, like every queue here). */
    static final int BROWSE_QUEUE = 256;

    private final EngineConfig config;
    private final MessageStore store;
    private final TopicRegistry topics;
    private final ConsumerOffsetTable offsets;
    private final DelayedDeliveryService timer;
    private final SubscriptionManager subscriptions;
    private final ScheduledExecutorService housekeeping;
    /** Runs browses, which block on store reads, for callers that must not block (event loops). */
    private final ThreadPoolExecutor browsing;
    private final UniqueIdGenerator ids = new UniqueIdGenerator();
    private final Map<String, AtomicInteger> roundRobin = new ConcurrentHashMap<>();
    private final List<BiFunction<String, Map<String, String>, Collection<String>>> sendRoutes =
            new CopyOnWriteArrayList<>();

    public Engine(EngineConfig config, MessageStore store) {
        this.config = config;
        this.store = store;
        this.topics = new TopicRegistry(config.configDirectory().resolve("topics.json"), config.autoCreateTopics(),
                config.defaultQueues());
        this.offsets = new ConsumerOffsetTable(config.configDirectory().resolve("consumerOffset.json"));
        this.timer = new DelayedDeliveryService(store, config.configDirectory().resolve("timerProgress.json"),
                Clock.systemUTC());
        this.subscriptions = new SubscriptionManager(store, offsets, topics, config.policy(), this::storeCopy,
                config.deliveryThreads());
        store.addDispatchListener(subscriptions);
        timer.start();
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "junction-engine-housekeeping");
            t.setDaemon(true);
            return t;
        });
        this.browsing = new ThreadPoolExecutor(BROWSE_THREADS, BROWSE_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(BROWSE_QUEUE), r -> {
                    Thread t = new Thread(r, "junction-browse");
                    t.setDaemon(true);
                    return t;
                });
        browsing.allowCoreThreadTimeOut(true);
        long flushMillis = config.offsetFlushInterval().toMillis();
        housekeeping.scheduleWithFixedDelay(this::flushOffsetsQuietly, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    }

    public TopicRegistry topics() {
        return topics;
    }

    public MessageStore store() {
        return store;
    }

    /**
     * Stores a message in the queue the producer chose, the one its sharding key maps to, or the next one round
     * robin. The future completes when the store counts the message as stored (see the flush mode).
     */
    public CompletableFuture<SendResult> send(OutgoingMessage message) {
        TopicConfig topic = topics.require(message.topic());
        if ((topic.perm() & TopicConfig.PERM_WRITE) == 0) {
            throw new IllegalStateException("topic '" + topic.topicName() + "' does not accept messages");
        }
        int queueId = chooseQueue(topic, message);
        Map<String, String> properties = new java.util.LinkedHashMap<>(message.properties());
        String messageId = properties.computeIfAbsent(MessageProperties.UNIQ_KEY, k -> ids.next());
        if (message.expiresAt() > 0) {
            properties.put(EngineProperties.EXPIRES_AT, Long.toString(message.expiresAt()));
        }
        if (message.shardingKey() != null) {
            properties.put(MessageProperties.SHARDING_KEY, message.shardingKey());
        }
        MessageToAppend.Builder record = MessageToAppend.builder(topic.topicName()).queueId(queueId)
                .body(message.body()).properties(properties).flag(message.flag()).sysFlag(message.sysFlag())
                .reconsumeTimes(message.reconsumeTimes()).bornTimestamp(message.bornTimestamp());
        if (message.bornHost() != null) {
            record.bornHost(message.bornHost());
        }
        for (String extra : routedTopics(topic.topicName(), properties)) {
            record.alsoDispatchTo(extra);
        }
        MessageToAppend toAppend = record.build();
        long now = System.currentTimeMillis();
        if (message.deliverAt() > now) {
            return timer.schedule(toAppend, message.deliverAt())
                    .thenApply(r -> new SendResult(messageId, null, topic.topicName(), queueId, -1));
        }
        return store.append(toAppend).thenApply(r -> result(messageId, topic.topicName(), queueId, r));
    }

    /**
     * Adds a route asked at every send for extra topics the message is indexed into (queue 0 of each, with the
     * body stored once). Extra topics that do not exist, and the message's own topic, are ignored.
     */
    public void addSendRoute(BiFunction<String, Map<String, String>, Collection<String>> route) {
        sendRoutes.add(route);
    }

    private Collection<String> routedTopics(String topic, Map<String, String> properties) {
        if (sendRoutes.isEmpty()) {
            return List.of();
        }
        Map<String, String> readOnly = Collections.unmodifiableMap(properties);
        LinkedHashSet<String> extra = new LinkedHashSet<>();
        for (var route : sendRoutes) {
            for (String target : route.apply(topic, readOnly)) {
                if (!target.equals(topic) && topics.find(target).isPresent()) {
                    extra.add(target);
                }
            }
        }
        return extra;
    }

    /** Sends each message; the future completes when all are stored, failing if any failed. */
    public CompletableFuture<List<SendResult>> sendBatch(List<OutgoingMessage> messages) {
        List<CompletableFuture<SendResult>> futures = new ArrayList<>(messages.size());
        for (OutgoingMessage message : messages) {
            futures.add(send(message));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenApply(v -> futures.stream().map(CompletableFuture::join).toList());
    }

    private static SendResult result(String messageId, String topic, int queueId, AppendResult r) {
        return new SendResult(messageId, r.offsetMessageId(), topic, queueId, r.queueOffset());
    }

    private int chooseQueue(TopicConfig topic, OutgoingMessage message) {
        if (message.queueId() != null) {
            int queueId = message.queueId();
            if (queueId < 0 || queueId >= topic.queues()) {
                throw new IllegalArgumentException("topic '" + topic.topicName() + "' has queues 0 to "
                        + (topic.queues() - 1) + "; queue " + queueId + " does not exist");
            }
            return queueId;
        }
        if (message.shardingKey() != null) {
            return Math.floorMod(message.shardingKey().hashCode(), topic.queues());
        }
        return Math.floorMod(roundRobin.computeIfAbsent(topic.topicName(), t -> new AtomicInteger())
                .getAndIncrement(), topic.queues());
    }

    /** Joins a consumer group; deliveries start once the subscriber grants credit. */
    public Subscriber subscribe(SubscriptionSpec spec, DeliveryListener listener) {
        return subscriptions.subscribe(spec, listener);
    }

    /**
     * Joins a consumer group, saying whose filter decides what its members get if this creates it.
     *
     * @throws dev.junctionmq.broker.engine.filter.SelectorConflictException with {@link GroupFilters#ONE}, if the
     *                                                                       active members use another filter
     */
    public Subscriber subscribe(SubscriptionSpec spec, DeliveryListener listener, GroupFilters filters) {
        return subscriptions.subscribe(spec, listener, filters);
    }

    /**
     * Reads messages of one queue without consuming them (a queue browser): no offsets move, nothing is
     * delivered.
     */
    public List<Message> browse(String topic, int queueId, long fromOffset, int max) {
        List<Message> found = new ArrayList<>();
        long offset = Math.max(fromOffset, store.minOffset(topic, queueId));
        while (found.size() < max) {
            try (var read = store.read(topic, queueId, offset, max - found.size(), 4 * 1024 * 1024)) {
                if (read.messages().isEmpty()) {
                    if (read.status() == dev.junctionmq.broker.store.ReadResult.Status.NO_MATCHED_MESSAGE
                            && read.nextOffset() > offset) {
                        offset = read.nextOffset();
                        continue;
                    }
                    break;
                }
                for (var queued : read.messages()) {
                    Message message = Message.from(queued.record(), topic, queued.queueOffset());
                    long expiresAt = message.expiresAt();
                    if (expiresAt == 0 || expiresAt >= System.currentTimeMillis()) {
                        found.add(message);
                    }
                }
                offset = read.nextOffset();
            }
        }
        return found;
    }

    /**
     * What a consumer group has still to consume on a topic, without consuming it (a queue browser): see
     * {@link SubscriptionManager#browse}. Blocks on store reads: not for event loops.
     *
     * @param group null for every stored message of the topic
     */
    public List<Message> browse(String topic, String group, MessageFilter filter, int max) {
        // Read your writes: a client that sent, had the send acknowledged, and then browses must see it, though
        // the consume queues are built just behind the writer.
        if (!store.awaitDispatchOfWritten(java.time.Duration.ofSeconds(2))) {
            log.warn("browsing {} while the store's dispatcher is {} bytes behind: the newest sends may be missing",
                    topic, store.dispatchLagBytes());
        }
        return subscriptions.browse(topic, group, filter, max);
    }

    /**
     * {@link #browse(String, String, MessageFilter, int)} on the engine's browse threads, for callers that must not
     * block. Fails with a {@link RejectedExecutionException} when {@value #BROWSE_QUEUE} browses already wait.
     */
    public CompletableFuture<List<Message>> browseAsync(String topic, String group, MessageFilter filter, int max) {
        try {
            return CompletableFuture.supplyAsync(() -> browse(topic, group, filter, max), browsing);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new RejectedExecutionException("the broker is busy with "
                    + BROWSE_QUEUE + " queue browses already; try again later"));
        }
    }

    /** Copies a failed message to a retry or dead-letter topic, keeping where it came from. */
    private CompletableFuture<?> storeCopy(Message message, String targetTopic, int reconsumeTimes, long delayMillis) {
        Map<String, String> properties = new java.util.LinkedHashMap<>(message.properties());
        properties.putIfAbsent(MessageProperties.RETRY_TOPIC, message.topic());
        properties.putIfAbsent(EngineProperties.ORIGIN_OFFSET_ID, message.offsetMessageId());
        properties.put(MessageProperties.RECONSUME_TIME, Integer.toString(reconsumeTimes));
        MessageToAppend copy = MessageToAppend.builder(targetTopic).queueId(0).body(message.bodyUnsafe())
                .properties(properties).flag(message.flag()).bornTimestamp(message.bornTimestamp())
                .reconsumeTimes(reconsumeTimes).build();
        if (delayMillis > 0) {
            return timer.schedule(copy, System.currentTimeMillis() + delayMillis);
        }
        return store.append(copy);
    }

    /** The topic a consumer group has stored offsets on (its retry queue aside), if any; waits for queued deliveries. */
    public java.util.Optional<String> durableGroupTopic(String group) {
        String retryTopic = DeliveryPolicy.retryTopic(group);
        return subscriptions.groupTopics(group).stream().filter(topic -> !topic.equals(retryTopic)).findFirst();
    }

    /**
     * Deletes a consumer group that has no members: its offsets, its retry queue's included, are forgotten.
     *
     * @return whether the group had offsets
     * @throws IllegalStateException if the group has members
     */
    public boolean deleteGroup(String group) {
        return subscriptions.deleteInactiveGroup(group);
    }

    /** Deletes a topic: no more sends or subscriptions; its queues and its groups' offsets go. */
    public boolean deleteTopic(String topic) {
        boolean deleted = topics.delete(topic);
        if (deleted) {
            store.deleteTopic(topic);
        }
        return deleted;
    }

    private void flushOffsetsQuietly() {
        try {
            offsets.flush();
        } catch (RuntimeException e) {
            log.error("saving consumer offsets failed", e);
        }
    }

    /** Stops delivering, saves offsets and timer progress. The store stays open: its owner closes it. */
    @Override
    public void close() {
        housekeeping.shutdownNow();
        browsing.shutdownNow();
        subscriptions.close();
        timer.close();
        offsets.flush();
        topics.close();
    }
}
