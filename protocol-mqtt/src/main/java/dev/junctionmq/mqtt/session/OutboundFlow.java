package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.mqtt.codec.Packets;
import dev.junctionmq.mqtt.message.MessageMapping;
import dev.junctionmq.mqtt.retain.RetainedMessage;
import dev.junctionmq.mqtt.retain.RetainedBacklog;
import dev.junctionmq.mqtt.retain.RetainedMessages;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttMessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Messages on their way to one connected client (MQTT 3.1.1 §4.3, MQTT 5.0 §4.3 and §4.9): packet ids, the window
 * of QoS 1/2 messages sent and not yet acknowledged (the client's Receive Maximum), the messages waiting for room
 * in it, and the PUBACK / PUBREC-PUBREL-PUBCOMP flows. A delivery is acknowledged to its consumer group when the
 * client has it (PUBACK, PUBREC; QoS 0 once written). Used on the connection's event loop only.
 */
final class OutboundFlow {

    private static final Logger log = LoggerFactory.getLogger(OutboundFlow.class);

    /** A message on its way to the client: a delivery of a subscription, or a retained message on subscribe. */
    record Outgoing(Active active, Delivery delivery, Subscribed subscribed, RetainedMessage retained) {
    }

    private static final class InFlight {
        final Outgoing outgoing;
        final int qos;
        boolean pubrecReceived;

        InFlight(Outgoing outgoing, int qos) {
            this.outgoing = outgoing;
            this.qos = qos;
        }
    }

    private final ChannelHandlerContext ctx;
    private final String connectionId;
    private final String clientId;
    private final boolean mqtt5;
    /** QoS 1/2 messages the client takes unacknowledged (its Receive Maximum, or ours for 3.1.1). */
    private final int window;
    /** MQTT 5 Maximum Packet Size of the client, 0 = no limit. */
    private final long clientMaxPacketSize;
    private final SessionState session;
    private final ConnectionControl connection;
    private final SessionRegistry sessions;
    private final OrderedWrites writes;
    /** QoS 2 messages of a persistent session, saved before they are sent (exactly once across a crash). */
    private final SentQos2Records sentQos2;
    private final Map<Integer, InFlight> inFlight = new HashMap<>();
    private final ArrayDeque<Outgoing> waiting = new ArrayDeque<>();
    /** Retained messages of new subscriptions, sent as the window has room, before their new messages. */
    private final RetainedBacklog<Subscribed> retainedBacklog;
    /** Packet ids of messages earlier connections sent and the client did not acknowledge [MQTT-4.4.0-1]. */
    private final ResumedPacketIds resumedIds;
    private int lastPacketId;

    OutboundFlow(ChannelHandlerContext ctx, String connectionId, String clientId, boolean mqtt5, int window,
                 long clientMaxPacketSize, SessionState session, ConnectionControl connection,
                 SessionRegistry sessions, RetainedMessages retainedMessages) {
        this.ctx = ctx;
        this.connectionId = connectionId;
        this.clientId = clientId;
        this.mqtt5 = mqtt5;
        this.window = window;
        this.clientMaxPacketSize = clientMaxPacketSize;
        this.session = session;
        this.connection = connection;
        this.sessions = sessions;
        this.writes = new OrderedWrites(ctx);
        this.sentQos2 = new SentQos2Records(sessions, session);
        this.retainedBacklog = new RetainedBacklog<>(retainedMessages);
        this.resumedIds = new ResumedPacketIds(session);
    }

    /** [MQTT-4.4.0-1]: on a resumed session, PUBREL again for the QoS 2 messages still awaiting PUBCOMP. */
    void resendPubrels() {
        for (int packetId : session.outboundPubrel) {
            InFlight flight = new InFlight(null, 2);
            flight.pubrecReceived = true;
            inFlight.put(packetId, flight);
            ctx.write(Packets.pubReply(MqttMessageType.PUBREL, packetId, Packets.SUCCESS));
        }
        ctx.flush();
    }

    /**
     * The connection closes: what the client has not acknowledged (waiting or in flight), to be given back. The
     * packet ids of the PUBLISHes it was sent are left in the session, for the next connection to send them again
     * with [MQTT-4.4.0-1]; so are those of the previous connection not yet sent again.
     */
    List<Outgoing> takeUnfinished() {
        writes.discard();
        List<Outgoing> unfinished = new ArrayList<>(waiting);
        waiting.clear();
        retainedBacklog.clear();
        Map<String, Integer> unacknowledged = new HashMap<>();
        for (Map.Entry<Integer, InFlight> entry : inFlight.entrySet()) {
            InFlight flight = entry.getValue();
            if (!flight.pubrecReceived) {
                unfinished.add(flight.outgoing);
                Delivery delivery = flight.outgoing.delivery();
                if (delivery != null) {
                    unacknowledged.put(SentQos2.messageKey(flight.outgoing.subscribed(), delivery.message()),
                            entry.getKey());
                }
            }
        }
        resumedIds.handBack(unacknowledged);
        inFlight.clear();
        return unfinished;
    }

    /** Queues the retained messages of a new subscription, sent as the window has room. */
    void sendRetained(Subscribed subscribed, List<String> topics) {
        if (!topics.isEmpty()) {
            retainedBacklog.add(subscribed, topics);
            sendWaiting();
        }
    }

    /**
     * Sends a message now, or once the window has room (QoS 0 is held back only behind retained messages still to
     * be sent: a subscriber gets a topic's retained message before what is published after it).
     */
    void send(Outgoing outgoing) {
        if (outgoing.delivery() != null && !retainedBacklog.isEmpty()) {
            waiting.add(outgoing); // bounded: deliveries come against credit
            return;
        }
        transmit(outgoing);
    }

    private void transmit(Outgoing outgoing) {
        Subscribed subscribed = outgoing.subscribed();
        String topicName;
        byte[] body;
        Map<String, String> properties;
        long expiresAt;
        int publishedQos;
        boolean retainFlag;
        boolean dup = false;
        if (outgoing.delivery() != null) {
            Message message = outgoing.delivery().message();
            if (subscribed.noLocal() && clientId.equals(MessageMapping.publisherOf(message))) {
                outgoing.active().done(outgoing.delivery()); // MQTT 5.0 §3.8.3.1 no local [MQTT-3.8.3-3]
                return;
            }
            if (sentQos2.alreadyReceived(subscribed, message, System.currentTimeMillis())) {
                // [MQTT-4.3.3]: the client has it (PUBREC) since before a crash or reconnect: exactly once
                log.debug("MQTT connection {} (client {}): {} already received by the client, not sent again",
                        connectionId, clientId, outgoing.delivery());
                finish(outgoing);
                return;
            }
            topicName = MessageMapping.topicOf(message);
            body = message.bodyUnsafe();
            properties = message.properties();
            expiresAt = message.expiresAt();
            publishedQos = MessageMapping.publishedQos(message);
            // [MQTT-3.3.1-9]: RETAIN is 0 for a message of an established subscription, unless MQTT 5 "retain as
            // published" [MQTT-3.3.1-13]
            retainFlag = subscribed.retainAsPublished() && MessageMapping.publishedRetained(message);
            dup = outgoing.delivery().redelivered();
        } else {
            RetainedMessage retained = outgoing.retained();
            if (retained.expired(System.currentTimeMillis())) {
                return;
            }
            topicName = retained.topic();
            body = retained.body();
            properties = retained.properties();
            expiresAt = retained.expiresAt();
            publishedQos = retained.qos();
            retainFlag = true;
        }
        // MQTT 3.1.1 §3.8.4: delivered at the lower of the published and the granted QoS
        int qos = Math.min(publishedQos, subscribed.qos());
        List<Integer> subscriptionIds = subscribed.subscriptionId() > 0 ? List.of(subscribed.subscriptionId())
                : List.of();
        if (mqtt5 && clientMaxPacketSize > 0 && MessageMapping.publishSizeUpperBound(topicName, body, properties,
                expiresAt, subscriptionIds, true) > clientMaxPacketSize) {
            // [MQTT-3.1.2-25]: too large for the client: discarded as if delivered
            log.debug("MQTT connection {} (client {}): message on '{}' exceeds the client's maximum packet size",
                    connectionId, clientId, topicName);
            finish(outgoing);
            return;
        }
        if (qos == 0) {
            writes.write(MessageMapping.toPublish(topicName, body, properties, expiresAt, 0, retainFlag, false, 0,
                    subscriptionIds, mqtt5), written -> finish(outgoing));
            return;
        }
        if (inFlight.size() >= window) {
            waiting.add(outgoing); // MQTT 5.0 §4.9: no more than the client's Receive Maximum unacknowledged
            return;
        }
        // [MQTT-4.4.0-1]: sent before the session resumed and not acknowledged: again, with its packet id
        int packetId = outgoing.delivery() == null ? 0
                : resumedIds.reuse(subscribed, outgoing.delivery().message(), inFlight::containsKey);
        if (packetId != 0) {
            dup = true;
        } else {
            packetId = nextPacketId();
        }
        inFlight.put(packetId, new InFlight(outgoing, qos));
        var publish = MessageMapping.toPublish(topicName, body, properties, expiresAt, qos, retainFlag, dup, packetId,
                subscriptionIds, mqtt5);
        if (qos == 2 && outgoing.delivery() != null && sentQos2.enabled()) {
            // its packet id and message on disk before the client can have it: after a crash it comes again with
            // the same id, or not at all once the client has answered it
            SentQos2 sent = SentQos2.sent(subscribed, outgoing.delivery().message(), packetId);
            writes.writeAfter(sentQos2.sending(sent), publish, this::recordFailed);
        } else {
            writes.write(publish, null);
        }
    }

    private void recordFailed(Throwable failure) {
        log.warn("MQTT connection {} (client {}): QoS 2 state not saved ({}); closing", connectionId, clientId,
                failure.toString());
        connection.protocolViolation(Packets.UNSPECIFIED_ERROR, "session state not saved");
    }

    /** The client has (or, for QoS 0, was sent) the message: its group may forget it and send one more. */
    private void finish(Outgoing outgoing) {
        if (outgoing != null && outgoing.delivery() != null) {
            outgoing.active().done(outgoing.delivery());
        }
    }

    private int nextPacketId() {
        if (inFlight.size() + resumedIds.reservedCount() >= 0xFFFF) {
            resumedIds.giveUp(); // not loop forever
        }
        do {
            lastPacketId = lastPacketId == 0xFFFF ? 1 : lastPacketId + 1;
        } while (inFlight.containsKey(lastPacketId) || resumedIds.isReserved(lastPacketId));
        return lastPacketId;
    }

    /**
     * Sends what waits, as the window (and, for retained messages, the socket) has room: retained messages of new
     * subscriptions first, then held deliveries. Also called when the channel becomes writable again.
     */
    void sendWaiting() {
        while (!retainedBacklog.isEmpty() && inFlight.size() < window && !connection.closing()
                && ctx.channel().isWritable()) {
            RetainedBacklog.Next<Subscribed> next = retainedBacklog.poll();
            if (next != null) {
                transmit(new Outgoing(null, null, next.subscription(), next.message()));
            }
        }
        while (retainedBacklog.isEmpty() && !waiting.isEmpty() && inFlight.size() < window
                && !connection.closing()) {
            transmit(waiting.poll());
        }
    }

    /** MQTT 3.1.1 §3.4: QoS 1 delivery acknowledged. */
    void pubAck(int packetId) {
        InFlight flight = inFlight.get(packetId);
        if (flight == null || flight.qos != 1) {
            return; // unknown packet id: nothing to do (MQTT 5.0 §4.3.2 leaves it to the server)
        }
        inFlight.remove(packetId);
        finish(flight.outgoing);
        sendWaiting();
    }

    /** MQTT 3.1.1 §3.5, §4.3.3: QoS 2, first half: the client has the message; answer PUBREL. */
    void pubRec(int packetId, byte reasonCode) {
        InFlight flight = inFlight.get(packetId);
        if (flight == null || flight.qos != 2) {
            writes.write(Packets.pubReply(MqttMessageType.PUBREL, packetId,
                    mqtt5 ? Packets.PACKET_IDENTIFIER_NOT_FOUND : Packets.SUCCESS), null);
            return;
        }
        CompletableFuture<Void> recorded = CompletableFuture.completedFuture(null);
        if (!flight.pubrecReceived) {
            flight.pubrecReceived = true;
            finish(flight.outgoing);
            Delivery delivery = flight.outgoing == null ? null : flight.outgoing.delivery();
            if (delivery != null && sentQos2.enabled()) {
                long now = System.currentTimeMillis();
                recorded = sentQos2.received(SentQos2.sent(flight.outgoing.subscribed(), delivery.message(),
                        packetId), now);
                sentQos2.prune(now, this::lowestUnfinished);
            }
        }
        if ((reasonCode & 0x80) != 0) {
            inFlight.remove(packetId); // MQTT 5.0 §4.3.3: the client refused it; the flow ends here
            sendWaiting();
            return;
        }
        if (session.outboundPubrel.add(packetId)) {
            // a resumed session sends PUBREL again, after a restart too
            recorded = CompletableFuture.allOf(recorded, sessions.savePacketIds(session));
        }
        // PUBREL once the client's answer is on disk: after it, the client may forget the message (PUBCOMP), and a
        // crash must not make the broker send it again as a new one
        writes.writeAfter(recorded, Packets.pubReply(MqttMessageType.PUBREL, packetId, Packets.SUCCESS),
                this::recordFailed);
    }

    /** By subscription and queue, the lowest offset of the messages sent or waiting and not yet acknowledged. */
    private Map<String, Long> lowestUnfinished() {
        Map<String, Long> lowest = new HashMap<>();
        List<Outgoing> unfinished = new ArrayList<>(waiting);
        for (InFlight flight : inFlight.values()) {
            if (!flight.pubrecReceived && flight.outgoing != null) {
                unfinished.add(flight.outgoing);
            }
        }
        for (Outgoing outgoing : unfinished) {
            if (outgoing.delivery() != null) {
                Message message = outgoing.delivery().message();
                lowest.merge(SentQos2Records.queueKey(outgoing.subscribed(), message), message.queueOffset(),
                        Math::min);
            }
        }
        return lowest;
    }

    /** MQTT 3.1.1 §3.7: QoS 2 complete; the packet id is free again. */
    void pubComp(int packetId) {
        InFlight flight = inFlight.get(packetId);
        if (flight == null || !flight.pubrecReceived) {
            return;
        }
        inFlight.remove(packetId);
        if (session.outboundPubrel.remove(packetId)) {
            sessions.savePacketIds(session);
        }
        sendWaiting();
    }
}
