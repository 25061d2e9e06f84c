package dev.junctionmq.broker.server;

import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.engine.SendResult;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.DeliveryListener;
import dev.junctionmq.broker.engine.delivery.GroupFilters;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.Action;
import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.DestinationNames;
import dev.junctionmq.broker.spi.SendRejectedException;
import dev.junctionmq.broker.store.MessageRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link BrokerSession} on the engine: authorizes each call, and owns its subscribers and temporary topics. */
final class EngineSession implements BrokerSession {

    private static final Logger log = LoggerFactory.getLogger(EngineSession.class);

    private final Engine engine;
    private final AuthService auth;
    private final BrokerPrincipal principal;
    private final String clientId;
    private final String remoteAddress;
    private final int maxMessageSize;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final Set<String> temporaryTopics = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    EngineSession(Engine engine, AuthService auth, BrokerPrincipal principal, String clientId, String remoteAddress,
                  int maxMessageSize) {
        this.engine = engine;
        this.auth = auth;
        this.principal = principal;
        this.clientId = clientId;
        this.remoteAddress = remoteAddress;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public BrokerPrincipal principal() {
        return principal;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    @Override
    public CompletableFuture<SendResult> send(OutgoingMessage message) {
        checkOpen();
        if (!temporaryTopics.contains(message.topic())) {
            auth.authorize(principal, Action.SEND, message.topic());
        }
        if (message.body().length > maxMessageSize) {
            throw new SendRejectedException("message of " + message.body().length + " bytes to '" + message.topic()
                    + "' exceeds the broker's maximum message size of " + maxMessageSize + " bytes");
        }
        try {
            return engine.send(message);
        } catch (MessageRejectedException e) {
            throw new SendRejectedException(e.getMessage());
        }
    }

    @Override
    public Subscriber subscribe(SubscriptionSpec spec, DeliveryListener listener) {
        checkOpen();
        if (!temporaryTopics.contains(spec.topic())) {
            auth.authorize(principal, Action.CONSUME, spec.topic());
        }
        Subscriber subscriber = engine.subscribe(spec, listener, groupFilters(spec.group()));
        subscribers.add(subscriber);
        return subscriber;
    }

    /**
     * A queue's receivers each get what their own selector matches (Jakarta Messaging 3.1, 4.4.1); a shared
     * subscription's consumers share its one selector (8.3.2); other groups filter as RocketMQ's do.
     */
    private static GroupFilters groupFilters(String group) {
        if (DestinationNames.isQueueGroup(group)) {
            return GroupFilters.PER_MEMBER;
        }
        return DestinationNames.isSharedSubscriptionGroup(group) ? GroupFilters.ONE : GroupFilters.GROUP;
    }

    @Override
    public List<Message> browse(String topic, String group, MessageFilter filter, int max) {
        checkOpen();
        if (!temporaryTopics.contains(topic)) {
            auth.authorize(principal, Action.BROWSE, topic);
        }
        return engine.browse(topic, group, filter, max);
    }

    @Override
    public CompletableFuture<List<Message>> browseAsync(String topic, String group, MessageFilter filter, int max) {
        checkOpen();
        if (!temporaryTopics.contains(topic)) {
            auth.authorize(principal, Action.BROWSE, topic);
        }
        return engine.browseAsync(topic, group, filter, max);
    }

    @Override
    public String createTemporaryTopic() {
        checkOpen();
        String name = "TEMP." + UUID.randomUUID();
        engine.topics().create(name, 1);
        temporaryTopics.add(name);
        return name;
    }

    @Override
    public Optional<String> durableSubscriptionTopic(String group) {
        checkOpen();
        return engine.durableGroupTopic(group);
    }

    @Override
    public boolean deleteDurableSubscription(String group) {
        checkOpen();
        Optional<String> topic = engine.durableGroupTopic(group);
        if (topic.isEmpty()) {
            return false;
        }
        auth.authorize(principal, Action.CONSUME, topic.get());
        boolean deleted = engine.deleteGroup(group);
        log.info("client {} ({}) deleted durable subscription {} on topic {}", clientId, principal, group,
                topic.get());
        return deleted;
    }

    @Override
    public LocalTransaction beginTransaction() {
        checkOpen();
        return new SessionTransaction(this);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("session of client '" + clientId + "' is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        subscribers.forEach(Subscriber::close);
        subscribers.clear();
        for (String topic : temporaryTopics) {
            engine.deleteTopic(topic);
        }
        temporaryTopics.clear();
        log.debug("session of client {} ({}, {}) closed", clientId, principal, remoteAddress);
    }

    /** Buffers sends and acknowledgements until commit. */
    private static final class SessionTransaction implements LocalTransaction {
        private final EngineSession session;
        private final List<OutgoingMessage> sends = new ArrayList<>();
        private final List<Runnable> acks = new ArrayList<>();
        private final List<Runnable> rollbacks = new ArrayList<>();
        private boolean done;

        SessionTransaction(EngineSession session) {
            this.session = session;
        }

        @Override
        public synchronized void send(OutgoingMessage message) {
            checkActive();
            if (!session.temporaryTopics.contains(message.topic())) {
                session.auth.authorize(session.principal, Action.SEND, message.topic());
            }
            sends.add(message);
        }

        @Override
        public synchronized void acknowledge(Subscriber subscriber, Delivery delivery) {
            checkActive();
            acks.add(() -> subscriber.ack(delivery));
            rollbacks.add(() -> subscriber.reject(delivery));
        }

        /**
         * Stores the buffered sends, then applies the acknowledgements. The sends are separate records: a crash in
         * the middle of a commit can keep some of them (recorded in the docs as a known limit).
         */
        @Override
        public synchronized CompletableFuture<Void> commit() {
            checkActive();
            done = true;
            List<CompletableFuture<SendResult>> stored = new ArrayList<>();
            for (OutgoingMessage message : sends) {
                stored.add(session.send(message));
            }
            List<Runnable> pendingAcks = List.copyOf(acks);
            return CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new))
                    .thenRun(() -> pendingAcks.forEach(Runnable::run));
        }

        @Override
        public synchronized void rollback() {
            checkActive();
            done = true;
            sends.clear();
            rollbacks.forEach(Runnable::run);
        }

        private void checkActive() {
            if (done) {
                throw new IllegalStateException("transaction already committed or rolled back");
            }
        }
    }
}
