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

    byte[] encode() {
        Codec.Writer out = new Codec.Writer().string(clientId).number(generation).number(expirySeconds)
                .integer(subscriptions.size());
        subscriptions.values().forEach(s -> s.encode(out));
        encodeIds(out, inboundQos2);
        encodeIds(out, outboundPubrel);
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
        int count = in.integer();
        for (int i = 0; i < count; i++) {
            Subscribed subscribed = Subscribed.decode(in);
            state.subscriptions.put(subscribed.subscribed(), subscribed);
        }
        decodeIds(in, state.inboundQos2);
        decodeIds(in, state.outboundPubrel);
        return state;
    }
}
