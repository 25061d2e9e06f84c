package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.mqtt.state.KeyValueJournal;
import dev.junctionmq.mqtt.subscription.FilterRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every session by client id, and the threads that own them: a client id always maps to the same session thread
 * (by hash), which runs everything that changes its session — attach (with take-over), subscribe, unsubscribe,
 * detach, expiry — so there are no locks on session state, and consumer-group and topic creation stay off the
 * Netty event loops. Persistent sessions are written to {@code sessions.journal} in the MQTT state directory, and
 * come back at start: their filters are routed again at once, so messages published while their clients are away
 * (or the broker was down) are kept for them.
 * <p>
 * Concurrency model (the one place it is written down): a connection's own state lives on its channel's event
 * loop; a session's state on its session thread; the filter trie is changed under its lock and read by any
 * sender; the engine calls delivery listeners on its delivery threads, which hand each delivery to the event loop.
 */
public final class SessionRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, SessionState> sessions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService[] threads;
    private final KeyValueJournal journal;
    private final FilterRouting routing;
    private final BrokerServices services;
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);

    /**
     * Journal keys of {@link SentQos2} records start with this, then the client id, a NUL and the message key; a
     * session's own key is its client id, which never holds a NUL [MQTT-1.5.3-2], so the two cannot meet.
     */
    private static final String SENT_QOS2 = "\u0000qos2\u0000";

    /** What {@link #attach} found. */
    record Attached(SessionState state, boolean present) {
    }

    public SessionRegistry(Path directory, FilterRouting routing, BrokerServices services, int threadCount) {
        this.routing = routing;
        this.services = services;
        this.threads = new ScheduledExecutorService[Math.max(1, threadCount)];
        for (int i = 0; i < threads.length; i++) {
            String name = "junction-mqtt-session-" + i;
            threads[i] = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
        this.journal = KeyValueJournal.open(directory.resolve("sessions.journal"));
        journal.loaded().forEach((key, value) -> {
            if (!key.startsWith(SENT_QOS2)) {
                SessionState state = SessionState.decode(value);
                sessions.put(state.clientId, state);
                state.subscriptions.values().forEach(s -> routeFilter(s.filter()));
                scheduleExpiry(state); // counted from this start: the time the broker was down is not known
            }
        });
        journal.loaded().forEach((key, value) -> {
            if (key.startsWith(SENT_QOS2)) {
                restoreSentQos2(key, SentQos2.decode(value));
            }
        });
        if (!sessions.isEmpty()) {
            log.info("MQTT: {} persistent session(s) restored, {} filter(s) routed", sessions.size(),
                    routing.filterCount());
        }
    }

    /**
     * At start: an outbound QoS 2 message of a session that crashed (or stopped) with it in flight. One still
     * without PUBREC is sent again with its packet id [MQTT-4.4.0-1]; one with PUBREC is remembered, not sent again.
     */
    private void restoreSentQos2(String key, SentQos2 sent) {
        int end = key.indexOf('\u0000', SENT_QOS2.length());
        SessionState state = end < 0 ? null : sessions.get(key.substring(SENT_QOS2.length(), end));
        if (state == null || !state.subscriptions.containsKey(sent.subscription())) {
            journal.remove(key); // its session or subscription ended before the record was removed
            return;
        }
        state.sentQos2.put(sent.messageKey(), sent);
        if (!sent.received()) {
            // written at every send, so never older than what the session saved when a connection closed
            state.unacknowledgedIds.put(sent.messageKey(), sent.packetId());
        }
    }

    private static String sentQos2Key(SessionState state, String messageKey) {
        return SENT_QOS2 + state.clientId + '\u0000' + messageKey;
    }

    /**
     * Saves (or replaces) the record of an outbound QoS 2 message of a persistent session; completes when it is on
     * disk. Called by the owning connection's event loop: the journal write is queued, nothing blocks.
     */
    CompletableFuture<Void> saveSentQos2(SessionState state, SentQos2 sent) {
        state.sentQos2.put(sent.messageKey(), sent);
        return journal.put(sentQos2Key(state, sent.messageKey()), sent.encode());
    }

    /** Forgets the record of an outbound QoS 2 message (no redelivery of it can come any more). */
    void forgetSentQos2(SessionState state, String messageKey) {
        if (state.sentQos2.remove(messageKey) != null) {
            journal.remove(sentQos2Key(state, messageKey));
        }
    }

    /** Forgets the QoS 2 records of the ended subscription {@code subscribed}, or of all when it is null. */
    private void forgetSentQos2Of(SessionState state, String subscribed) {
        for (SentQos2 sent : List.copyOf(state.sentQos2.values())) {
            if (subscribed == null || subscribed.equals(sent.subscription())) {
                forgetSentQos2(state, sent.messageKey());
            }
        }
    }

    ScheduledExecutorService threadOf(String clientId) {
        return threads[Math.floorMod(clientId.hashCode(), threads.length)];
    }

    /** Runs {@code work} on the session thread of {@code clientId}. */
    <T> CompletableFuture<T> onSessionThread(String clientId, Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, threadOf(clientId));
    }

    /**
     * Makes {@code connection} the owner of the session of {@code clientId}: a connection that owns it now is
     * taken over first (MQTT 3.1.1 §3.1.4 [MQTT-3.1.4-2], MQTT 5.0 DISCONNECT 0x8E) and the session resumes once it
     * has let go; with {@code cleanStart} or none to resume, a new session starts [MQTT-3.1.2-4, -6].
     */
    CompletableFuture<Attached> attach(String clientId, boolean cleanStart, long expirySeconds,
                                       MqttConnection connection) {
        CompletableFuture<Attached> result = new CompletableFuture<>();
        threadOf(clientId).execute(() -> attachStep(clientId, cleanStart, expirySeconds, connection, result));
        return result;
    }

    private void attachStep(String clientId, boolean cleanStart, long expirySeconds, MqttConnection connection,
                            CompletableFuture<Attached> result) {
        try {
            SessionState current = sessions.get(clientId);
            if (current != null && current.owner != null && current.owner != connection) {
                log.info("MQTT client {}: connection {} takes the session over from connection {}", clientId,
                        connection.connectionId(), current.owner.connectionId());
                current.owner.takeOver();
                current.released.whenCompleteAsync((v, e) ->
                        attachStep(clientId, cleanStart, expirySeconds, connection, result), threadOf(clientId));
                return;
            }
            boolean present = current != null && !cleanStart;
            if (current != null && cleanStart) {
                discard(current);
            }
            if (!present) {
                current = new SessionState(clientId, generations.incrementAndGet(), expirySeconds);
                sessions.put(clientId, current);
            }
            if (current.expiry != null) {
                current.expiry.cancel(false);
                current.expiry = null;
            }
            if (current.delayedWill != null) {
                current.delayedWill.cancel(false); // MQTT 5.0 §3.1.3.2.2: resumed before the will delay passed
                current.delayedWill = null;
                current.pendingWill = null;
            }
            boolean wasPersistent = current.persistent();
            current.expirySeconds = expirySeconds;
            current.owner = connection;
            current.released = new CompletableFuture<>();
            if (current.persistent()) {
                journal.put(clientId, current.encode());
            } else if (wasPersistent) {
                journal.remove(clientId);
            }
            result.complete(new Attached(current, present));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    /**
     * The connection let go of its session (its subscribers are closed): a session with no expiry ends now, a
     * persistent one waits for its client until it expires.
     *
     * @param will published when the session ends, if still pending then (MQTT 5 will delay); may be null
     */
    void detach(SessionState state, MqttConnection connection, Runnable will, long willDelaySeconds) {
        ScheduledExecutorService thread = threadOf(state.clientId);
        try {
            thread.execute(() -> detachOnSessionThread(state, connection, will, willDelaySeconds));
        } catch (RejectedExecutionException e) {
            log.debug("MQTT client {}: broker stopping, session left as saved", state.clientId);
        }
    }

    /** A connection whose attach failed half-way lets go of the session it may own (no will). */
    void releaseIfOwner(String clientId, MqttConnection connection) {
        try {
            threadOf(clientId).execute(() -> {
                SessionState state = sessions.get(clientId);
                if (state != null && state.owner == connection) {
                    detachOnSessionThread(state, connection, null, 0);
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("MQTT client {}: broker stopping", clientId);
        }
    }

    private void detachOnSessionThread(SessionState state, MqttConnection connection, Runnable will,
                                       long willDelaySeconds) {
        if (state.owner != connection) {
            return;
        }
        state.owner = null;
        if (will != null && willDelaySeconds > 0 && state.persistent()) {
            state.pendingWill = will;
            state.delayedWill = threadOf(state.clientId).schedule(() -> publishPendingWill(state),
                    Math.min(willDelaySeconds, state.expirySeconds), TimeUnit.SECONDS);
        } else if (will != null) {
            will.run();
        }
        if (!state.persistent()) {
            discard(state);
        } else {
            journal.put(state.clientId, state.encode());
            scheduleExpiry(state);
        }
        state.released.complete(null);
    }

    private void scheduleExpiry(SessionState state) {
        if (state.expirySeconds >= SessionState.NEVER_EXPIRES || state.expirySeconds <= 0) {
            return;
        }
        state.expiry = threadOf(state.clientId).schedule(() -> {
            if (state.owner == null && sessions.get(state.clientId) == state) {
                log.info("MQTT client {}: session expired after {} s", state.clientId, state.expirySeconds);
                discard(state);
            }
        }, state.expirySeconds, TimeUnit.SECONDS);
    }

    private static void publishPendingWill(SessionState state) {
        Runnable will = state.pendingWill;
        state.pendingWill = null;
        state.delayedWill = null;
        if (will != null) {
            will.run();
        }
    }

    /** Ends a session: a will still waiting is published, its filters are no longer routed for it, it is forgotten. */
    private void discard(SessionState state) {
        if (state.delayedWill != null) {
            state.delayedWill.cancel(false);
        }
        publishPendingWill(state);
        sessions.remove(state.clientId, state);
        state.subscriptions.values().forEach(s -> routing.release(s.filter()));
        deleteDurableGroups(state, state.subscriptions.values());
        state.subscriptions.clear();
        state.inboundQos2.clear();
        state.outboundPubrel.clear();
        state.unacknowledgedIds.clear();
        forgetSentQos2Of(state, null);
        if (state.expiry != null) {
            state.expiry.cancel(false);
        }
        journal.remove(state.clientId);
    }

    /**
     * On the session thread: records a subscription (replacing one with the same filter) and routes its filter;
     * completes when a persistent session's change is on disk. Returns whether it replaced one.
     */
    CompletableFuture<Boolean> addSubscription(SessionState state, Subscribed subscribed) {
        Subscribed previous = state.subscriptions.put(subscribed.subscribed(), subscribed);
        if (previous == null) {
            routeFilter(subscribed.filter());
        }
        return persist(state).thenApply(v -> previous != null);
    }

    /** On the session thread: removes a subscription; completes with whether it existed. */
    CompletableFuture<Boolean> removeSubscription(SessionState state, String subscribed) {
        Subscribed previous = state.subscriptions.remove(subscribed);
        if (previous == null) {
            return CompletableFuture.completedFuture(false);
        }
        routing.release(previous.filter());
        deleteDurableGroups(state, List.of(previous));
        forgetSentQos2Of(state, subscribed);
        return persist(state).thenApply(v -> true);
    }

    /**
     * On the session thread, once no connection consumes from them: deletes the durable consumer groups of ended
     * subscriptions (an ended session, an UNSUBSCRIBE), so their offsets and the messages kept only for them go
     * (MQTT 3.1.1 §3.1.2.4: the session state is discarded; §3.10.4: the subscription is deleted). A session that is
     * not persistent now may have been earlier (MQTT 5 expiry lowered to 0), so the groups are looked for anyway;
     * shared subscriptions belong to their share, not to the session.
     */
    private void deleteDurableGroups(SessionState state, Collection<Subscribed> ended) {
        if (!state.mayHaveDurableGroups) {
            return;
        }
        List<String> groups = ended.stream().filter(s -> !s.shared()).map(state::durableGroup).toList();
        if (groups.isEmpty()) {
            return;
        }
        try (BrokerSession session = services.openTrustedSession(state.clientId, "session-end")) {
            for (String group : groups) {
                if (session.deleteDurableSubscription(group)) {
                    log.debug("MQTT client {}: durable group {} deleted", state.clientId, group);
                }
            }
        } catch (RuntimeException e) {
            // a group still consumed from (should not happen: its subscriber closed first) or a stopping broker
            log.warn("MQTT client {}: durable groups {} not deleted: {}", state.clientId, groups, e.toString());
        }
    }

    /**
     * Saves a persistent session's QoS 2 packet ids (MQTT 3.1.1 §4.3.3, in-flight state that survives a restart);
     * completes when on disk, at once for a session that is not persistent.
     */
    CompletableFuture<Void> savePacketIds(SessionState state) {
        if (!state.persistent()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return onSessionThread(state.clientId, () -> persist(state)).thenCompose(f -> f);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker stopping", e));
        }
    }

    private CompletableFuture<Void> persist(SessionState state) {
        return state.persistent() ? journal.put(state.clientId, state.encode())
                : CompletableFuture.completedFuture(null);
    }

    private void routeFilter(String filter) {
        services.createTopic(FilterRouting.filterTopic(filter), 1);
        routing.retain(filter);
    }

    public int size() {
        return sessions.size();
    }

    @Override
    public void close() {
        for (ScheduledExecutorService thread : threads) {
            thread.shutdown();
        }
        for (ScheduledExecutorService thread : threads) {
            try {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        journal.close();
    }
}
