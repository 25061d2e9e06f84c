package dev.junctionmq.mqtt.session;

import dev.junctionmq.mqtt.state.Codec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

/**
 * The session of one client id (MQTT 3.1.1 §4.1, MQTT 5.0 §4.1): its subscriptions and the QoS 2 packet ids in
 * progress, which outlive a connection when the session is persistent. Owned by the session thread of its client
 * id ({@link SessionRegistry}); the connection that owns it while connected reads and changes the packet-id sets on
 * its event loop, handed over through that thread (attach and detach), so exactly one thread uses it at a time.
 */
final class SessionState {

    /** MQTT 5 session expiry "never" (0xFFFFFFFF); also MQTT 3.1.1 clean session 0. */
    static final long NEVER_EXPIRES = 0xFFFF_FFFFL;

    final String clientId;
    /** Distinguishes this session's durable consumer groups from those of a discarded earlier session. */
    final long generation;
    /** Seconds the session outlives its connection: 0 = ends with it. */
    long expirySeconds;
    final Map<String, Subscribed> subscriptions = new LinkedHashMap<>();
    /**
     * Inbound QoS 2 packet ids stored and answered with PUBREC, awaiting PUBREL (MQTT 3.1.1 §4.3.3). Changed by the
     * owning connection's event loop, saved (iterated) by the session thread: a concurrent set.
     */
    final Set<Integer> inboundQos2 = ConcurrentHashMap.newKeySet();
    /** Outbound QoS 2 packet ids answered with PUBREC, awaiting PUBCOMP: PUBREL is sent again on resume. */
    final Set<Integer> outboundPubrel = ConcurrentHashMap.newKeySet();
    /**
     * Outbound QoS 1/2 PUBLISHes sent and not acknowledged when the last connection closed: packet id by message
     * ({@link SentQos2#messageKey}). The next connection sends them again with these ids [MQTT-4.4.0-1]. Set
     * when a connection closes, taken by the next one; saved with the session, so they survive a restart.
     */
    final Map<String, Integer> unacknowledgedIds = new ConcurrentHashMap<>();
    /**
     * Outbound QoS 2 messages of a persistent session by message key ({@link SentQos2#messageKey()}), each saved
     * in the journal under a key of its own before its PUBLISH was written; changed by the owning connection's event
     * loop, cleared by the session thread when the session ends.
     */
    final Map<String, SentQos2> sentQos2 = new ConcurrentHashMap<>();

    /**
     * Whether durable groups may exist for its subscriptions (it was persistent when one was opened, or restored
     * from the journal): only then are they looked for when subscriptions end, a lookup that scans the broker's
     * offset table, so a clean session never pays for it.
     */
    boolean mayHaveDurableGroups;

    MqttConnection owner;
    /** Completes when the current owner has let go (its subscribers closed). */
    CompletableFuture<Void> released = CompletableFuture.completedFuture(null);
    ScheduledFuture<?> expiry;
    ScheduledFuture<?> delayedWill;
    /** The will waiting for its delay (MQTT 5.0 §3.1.3.2.2); published early if the session ends first. */
    Runnable pendingWill;

    SessionState(String clientId, long generation, long expirySeconds) {
        this.clientId = clientId;
        this.generation = generation;
        this.expirySeconds = expirySeconds;
    }

    boolean persistent() {
        return expirySeconds > 0;
    }

    /**
     * The durable consumer group of one of this session's own (not shared) subscriptions while it is persistent:
     * its offsets keep the messages published while the client is away. The generation keeps a later session of
     * the same client id from inheriting them.
     */
    String durableGroup(Subscribed subscribed) {
        return "MQTT|" + clientId + "|" + generation + "|" + subscribed.subscribed();
    }

    byte[] encode() {
        Codec.Writer out = new Codec.Writer().string(clientId).number(generation).number(expirySeconds)
                .integer(subscriptions.size());
        subscriptions.values().forEach(s -> s.encode(out));
        encodeIds(out, inboundQos2);
        encodeIds(out, outboundPubrel);
        Map<String, Integer> unacknowledged = Map.copyOf(unacknowledgedIds);
        out.integer(unacknowledged.size());
        unacknowledged.forEach((message, packetId) -> out.string(message).integer(packetId));
        return out.toBytes();
    }

    private static void encodeIds(Codec.Writer out, Set<Integer> ids) {
        Integer[] copy = ids.toArray(Integer[]::new);
        out.integer(copy.length);
        for (int id : copy) {
            out.integer(id);
        }
    }

    private static void decodeIds(Codec.Reader in, Set<Integer> into) {
        int count = in.integer();
        for (int i = 0; i < count; i++) {
            into.add(in.integer());
        }
    }

    static SessionState decode(byte[] value) {
        Codec.Reader in = new Codec.Reader(value);
        SessionState state = new SessionState(in.string(), in.number(), in.number());
        state.mayHaveDurableGroups = true;
        int count = in.integer();
        for (int i = 0; i < count; i++) {
            Subscribed subscribed = Subscribed.decode(in);
            state.subscriptions.put(subscribed.subscribed(), subscribed);
        }
        decodeIds(in, state.inboundQos2);
        decodeIds(in, state.outboundPubrel);
        if (in.hasMore()) { // absent in sessions saved before outbound packet ids were kept
            int unacknowledged = in.integer();
            for (int i = 0; i < unacknowledged; i++) {
                state.unacknowledgedIds.put(in.string(), in.integer());
            }
        }
        return state;
    }
}
