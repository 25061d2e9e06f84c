package dev.junctionmq.mqtt.session;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A session resumed by a new connection (MQTT 3.1.1 §4.4, MQTT 5.0 §4.4), and let go again when it closes. On
 * CONNECT the session is attached (taken over from a connection that owns it) and the groups of its subscriptions
 * are joined again, on the session thread; once CONNACK is written, PUBREL goes again for the QoS 2 messages
 * awaiting PUBCOMP and the subscriptions get credit, so the messages the client did not acknowledge come first,
 * with the packet ids they had ({@link ResumedPacketIds}). When the connection closes, what the client has not
 * acknowledged goes back to its groups, and its packet ids to the session.
 */
final class SessionResume {

    /** What attaching found: the session, and a subscriber for each of its subscriptions. */
    record Resumed(SessionRegistry.Attached attached, List<Active> actives) {
    }

    private SessionResume() {
    }

    /** Attaches the session of {@code clientId} to {@code connection} and joins its subscriptions' groups. */
    static CompletableFuture<Resumed> attach(SessionRegistry sessions, String clientId, boolean cleanStart,
                                             long expirySeconds, MqttConnection connection,
                                             ConnectionSubscriptions subscriptions) {
        return sessions.attach(clientId, cleanStart, expirySeconds, connection)
                .thenCompose(attached -> sessions.onSessionThread(clientId,
                        () -> new Resumed(attached, subscriptions.openAll(attached.state()))));
    }

    /** On the event loop, after CONNACK: [MQTT-4.4.0-1] PUBREL again, then the subscriptions' messages. */
    static void resume(Resumed resumed, OutboundFlow outbound, ConnectionSubscriptions subscriptions, int window) {
        outbound.resendPubrels();
        for (Active active : resumed.actives()) {
            subscriptions.add(active);
            active.grantInitialCredit(window);
        }
    }

    /** The connection will not use what attaching opened (it failed, or the channel closed meanwhile). */
    static void abandon(Resumed resumed) {
        if (resumed != null) {
            resumed.actives().forEach(Active::close);
        }
    }

    /**
     * The connection closes: messages the client has not acknowledged (waiting or in flight) go back to their groups,
     * to be delivered again; the packet ids they were sent with stay in the session for the next connection.
     */
    static void handBack(OutboundFlow outbound, ConnectionSubscriptions subscriptions) {
        List<OutboundFlow.Outgoing> unfinished = outbound == null ? List.of() : outbound.takeUnfinished();
        if (subscriptions != null) {
            subscriptions.closeAll(unfinished);
        }
    }
}
