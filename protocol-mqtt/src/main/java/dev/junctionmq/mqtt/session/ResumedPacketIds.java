package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.message.Message;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * Session resume, outbound side [MQTT-4.4.0-1]: the packet ids of the PUBLISHes earlier connections of the session
 * sent and the client did not acknowledge (kept in the session by message, {@link SessionState#unacknowledgedIds}),
 * taken over by the next connection. A message that comes again is sent with its id again, and until then no new
 * message gets one of those ids. When the connection closes they go back to the session, with the ids it leaves
 * unacknowledged itself. Used on the connection's event loop.
 */
final class ResumedPacketIds {

    private final SessionState session;
    private final Map<String, Integer> byMessage;
    private final Set<Integer> reserved;

    ResumedPacketIds(SessionState session) {
        this.session = session;
        this.byMessage = new HashMap<>(session.unacknowledgedIds);
        session.unacknowledgedIds.clear();
        this.reserved = new HashSet<>(byMessage.values());
    }

    /**
     * The packet id a message was sent with before the session resumed, now that it comes again, or 0 if it was
     * not, or if the id is in use again ({@code inUse}); the id is no longer kept either way.
     */
    int reuse(Subscribed subscribed, Message message, IntPredicate inUse) {
        if (byMessage.isEmpty()) {
            return 0;
        }
        Integer original = byMessage.remove(SentQos2.messageKey(subscribed, message));
        if (original == null) {
            return 0;
        }
        reserved.remove(original);
        return inUse.test(original) ? 0 : original;
    }

    /** Whether a new message must not get this id (it is kept for a message still to come again). */
    boolean isReserved(int packetId) {
        return reserved.contains(packetId);
    }

    int reservedCount() {
        return reserved.size();
    }

    /** All 65,535 ids are needed: those kept for messages that never came back (subscription ended) are given up. */
    void giveUp() {
        reserved.clear();
        byMessage.clear();
    }

    /**
     * The connection closes: the ids still kept, and {@code leftUnacknowledged} (by message) of this connection, go
     * back to the session for the next connection.
     */
    void handBack(Map<String, Integer> leftUnacknowledged) {
        session.unacknowledgedIds.putAll(byMessage);
        session.unacknowledgedIds.putAll(leftUnacknowledged);
    }
}
