package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.message.Message;

import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The outbound QoS 2 records ({@link SentQos2}) of one connected persistent session: saved before a PUBLISH is
 * written, marked when its PUBREC comes, consulted when a message comes again, and dropped once no redelivery of
 * it can come any more. Used on the connection's event loop only.
 * <p>
 * Why a record outlives its PUBREC: the PUBREC acknowledges the message to its consumer group, but the engine
 * saves group offsets every few seconds (5 s), and a group's offset is its lowest unacknowledged message; after a
 * crash the group delivers again everything from the offset last saved. A record is dropped only when it is older
 * than {@link #KEEP_MILLIS} and nothing of its subscription's queue before it is still unacknowledged.
 */
final class SentQos2Records {

    /** How long a record outlives its PUBREC: several times the engine's offset save interval (5 s). */
    static final long KEEP_MILLIS = 30_000;
    private static final long PRUNE_EVERY_MILLIS = 1_000;

    private final SessionRegistry registry;
    private final SessionState session;
    /** Received records in the order of their PUBREC: the oldest are dropped first. */
    private final ArrayDeque<SentQos2> received = new ArrayDeque<>();
    private long lastPrune;

    SentQos2Records(SessionRegistry registry, SessionState session) {
        this.registry = registry;
        this.session = session;
        session.sentQos2.values().stream().filter(SentQos2::received)
                .sorted(Comparator.comparingLong(SentQos2::receivedAt)).forEach(received::add);
    }

    /** Only persistent sessions keep records: a session that ends with its connection has nothing to resume. */
    boolean enabled() {
        return session.persistent();
    }

    /**
     * Whether the client has answered this message with PUBREC already (before a crash or a reconnect): it must not
     * get it again (exactly once). The record is refreshed: the group's acknowledgement of this redelivery is saved
     * only a few seconds later too.
     */
    boolean alreadyReceived(Subscribed subscribed, Message message, long now) {
        if (session.sentQos2.isEmpty()) {
            return false; // the common case, and no key to build
        }
        return alreadyReceived(SentQos2.messageKey(subscribed, message), now);
    }

    boolean alreadyReceived(String messageKey, long now) {
        SentQos2 record = session.sentQos2.get(messageKey);
        if (record == null || !record.received()) {
            return false;
        }
        SentQos2 refreshed = record.receivedAt(now);
        received.add(refreshed);
        registry.saveSentQos2(session, refreshed);
        return true;
    }

    /** The PUBLISH of {@code sent} is about to be written: completes once its record is on disk. */
    CompletableFuture<Void> sending(SentQos2 sent) {
        return registry.saveSentQos2(session, sent);
    }

    /** PUBREC came for {@code sent}: completes once the record says so on disk. */
    CompletableFuture<Void> received(SentQos2 sent, long now) {
        SentQos2 record = session.sentQos2.get(sent.messageKey());
        SentQos2 marked = (record == null ? sent : record).receivedAt(now);
        received.add(marked);
        return registry.saveSentQos2(session, marked);
    }

    /**
     * Drops the records no redelivery can come for any more (at most once a second).
     *
     * @param lowestUnfinished by subscription and queue ({@link #queueKey}), the lowest offset sent or waiting and
     *                         not yet acknowledged
     */
    void prune(long now, Supplier<Map<String, Long>> lowestUnfinished) {
        if (received.isEmpty() || now - lastPrune < PRUNE_EVERY_MILLIS) {
            return;
        }
        lastPrune = now;
        Map<String, Long> unfinished = null;
        while (!received.isEmpty()) {
            SentQos2 oldest = received.peek();
            if (!oldest.equals(session.sentQos2.get(oldest.messageKey()))) {
                received.poll(); // refreshed since, or forgotten with its subscription
                continue;
            }
            if (now - oldest.receivedAt() < KEEP_MILLIS) {
                return;
            }
            if (unfinished == null) {
                unfinished = lowestUnfinished.get();
            }
            Long lowest = unfinished.get(queueKey(oldest.subscription(), oldest.queue()));
            if (lowest != null && lowest < oldest.offset()) {
                return; // the group's offset is not past it yet
            }
            received.poll();
            registry.forgetSentQos2(session, oldest.messageKey());
        }
    }

    static String queueKey(String subscription, String queue) {
        return subscription + '\u0000' + queue;
    }

    static String queueKey(Subscribed subscribed, Message message) {
        return queueKey(subscribed.subscribed(), message.topic() + ':' + message.queueId());
    }
}
