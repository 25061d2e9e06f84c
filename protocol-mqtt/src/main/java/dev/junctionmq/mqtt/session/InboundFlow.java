package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.SendResult;
import dev.junctionmq.broker.security.Action;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.SendRejectedException;
import dev.junctionmq.mqtt.codec.Packets;
import dev.junctionmq.mqtt.message.MessageMapping;
import dev.junctionmq.mqtt.retain.RetainedMessage;
import dev.junctionmq.mqtt.subscription.FilterRouting;
import dev.junctionmq.mqtt.subscription.TopicNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * PUBLISH from one connected client (MQTT 3.1.1 §3.3 and §4.3, MQTT 5.0 §3.3): topic aliases, authorization on the
 * topic name, storing (and retaining), and the acknowledgements — PUBACK, or PUBREC then PUBCOMP with the QoS 2
 * packet ids remembered in the session until PUBREL. Acknowledges only what is stored. Used on the connection's
 * event loop only.
 */
final class InboundFlow {

    private static final Logger log = LoggerFactory.getLogger(InboundFlow.class);

    private final ChannelHandlerContext ctx;
    private final MqttContext context;
    private final MqttSettings settings;
    private final BrokerPrincipal principal;
    private final String clientId;
    private final String connectionId;
    /** For logs (never the password). */
    private final String username;
    private final boolean mqtt5;
    private final SessionState session;
    private final BrokerSession brokerSession;
    private final ConnectionControl control;
    private final Map<Integer, String> topicAliases = new HashMap<>();
    /** QoS 1/2 publishes not yet acknowledged (being stored). */
    private int inboundPending;

    InboundFlow(ChannelHandlerContext ctx, MqttContext context, BrokerPrincipal principal, String clientId,
                String connectionId, String username, boolean mqtt5, SessionState session,
                BrokerSession brokerSession, ConnectionControl control) {
        this.ctx = ctx;
        this.context = context;
        this.settings = context.settings();
        this.principal = principal;
        this.clientId = clientId;
        this.connectionId = connectionId;
        this.username = username;
        this.mqtt5 = mqtt5;
        this.session = session;
        this.brokerSession = brokerSession;
        this.control = control;
    }

    /** MQTT 3.1.1 §3.3, §4.3; MQTT 5.0 §3.3. */
    void publish(MqttPublishMessage publish) {
        MqttFixedHeader fixed = publish.fixedHeader();
        MqttQoS qos = fixed.qosLevel();
        int packetId = publish.variableHeader().packetId();
        MqttProperties properties = publish.variableHeader().properties();
        String topicName = publish.variableHeader().topicName();
        if (mqtt5) {
            topicName = resolveAlias(topicName, properties);
            if (topicName == null) {
                return;
            }
            if (properties.getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()) != null) {
                // [MQTT-3.3.4-6]: a PUBLISH from a client carries no subscription identifier
                control.protocolViolation(Packets.PROTOCOL_ERROR, "subscription identifier in PUBLISH");
                return;
            }
        }
        if (!TopicNames.isValidTopicName(topicName)) {
            // [MQTT-3.3.2-2]: no wildcards in a topic name
            log.info("MQTT connection {} (client {}): invalid topic name '{}'; closing", connectionId, clientId,
                    topicName);
            control.protocolViolation(Packets.TOPIC_NAME_INVALID, "invalid topic name");
            return;
        }
        if (qos == MqttQoS.EXACTLY_ONCE && session.inboundQos2.contains(packetId)) {
            // [MQTT-4.3.3-2]: already stored; PUBREC again, no second copy (exactly once)
            ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBREC, packetId, Packets.SUCCESS));
            return;
        }
        if (qos != MqttQoS.AT_MOST_ONCE && mqtt5 && inboundPending >= settings.receiveMaximum()) {
            control.protocolViolation(Packets.RECEIVE_MAXIMUM_EXCEEDED, "receive maximum exceeded");
            return;
        }
        try {
            context.services().auth().authorize(principal, Action.SEND, topicName);
        } catch (SecurityException e) {
            log.warn("MQTT connection {} (client {}, user '{}'): publish to '{}' refused: {}", connectionId, clientId,
                    username, topicName, e.getMessage());
            if (mqtt5 && qos != MqttQoS.AT_MOST_ONCE) {
                ctx.writeAndFlush(Packets.pubReply(qos == MqttQoS.AT_LEAST_ONCE ? MqttMessageType.PUBACK
                        : MqttMessageType.PUBREC, packetId, Packets.NOT_AUTHORIZED));
            } else if (!mqtt5) {
                control.close(); // MQTT 3.1.1 has no negative acknowledgement: close (§3.3.5)
            }
            return;
        }
        MessageMapping.Inbound inbound = MessageMapping.toOutgoing(FilterRouting.PUBLISH_TOPIC, topicName, qos,
                fixed.isRetain(), publish.payload(), properties, clientId, ctx.channel().remoteAddress());
        CompletableFuture<SendResult> stored;
        try {
            stored = brokerSession.send(inbound.message());
        } catch (SendRejectedException e) {
            log.warn("MQTT connection {} (client {}): publish to '{}' rejected: {}", connectionId, clientId,
                    topicName, e.getMessage());
            control.protocolViolation(Packets.PACKET_TOO_LARGE, e.getMessage());
            return;
        }
        CompletableFuture<?> done = stored;
        if (fixed.isRetain()) {
            // MQTT 3.1.1 §3.3.1.3: keep as the topic's retained message (an empty payload removes it)
            RetainedMessage retained = new RetainedMessage(topicName, qos.value(), inbound.message().body(),
                    inbound.message().properties(), inbound.message().expiresAt());
            done = CompletableFuture.allOf(stored, context.retained().retain(retained));
        }
        if (qos == MqttQoS.AT_MOST_ONCE) {
            return;
        }
        if (qos == MqttQoS.EXACTLY_ONCE) {
            // remembered from now on, so a copy re-sent while this one is being stored is not stored again; saved
            // with a persistent session before PUBREC, so a copy re-sent after a broker restart is not stored either
            session.inboundQos2.add(packetId);
            done = CompletableFuture.allOf(done, context.sessions().savePacketIds(session));
        }
        inboundPending++;
        if (inboundPending >= settings.receiveMaximum()) {
            ctx.channel().config().setAutoRead(false); // back-pressure until the store catches up
        }
        String topic = topicName;
        done.whenComplete((result, failure) -> {
            // usually stored already, here on the event loop (ASYNC_FLUSH): acknowledged at once, no task hand-off
            if (ctx.executor().inEventLoop()) {
                stored(qos, packetId, topic, failure);
            } else {
                ctx.executor().execute(() -> stored(qos, packetId, topic, failure));
            }
        });
    }

    /** On the event loop: the publish is stored (or failed to be): PUBACK / PUBREC, and reading resumes. */
    private void stored(MqttQoS qos, int packetId, String topic, Throwable failure) {
        inboundPending--;
        if (control.closing()) {
            return;
        }
        if (inboundPending == settings.receiveMaximum() / 2 || inboundPending == 0) {
            ctx.channel().config().setAutoRead(true);
        }
        if (failure != null) {
            log.warn("MQTT connection {} (client {}): publish to '{}' not stored: {}", connectionId, clientId,
                    topic, failure.toString());
            session.inboundQos2.remove(packetId);
            if (mqtt5) {
                ctx.writeAndFlush(Packets.pubReply(qos == MqttQoS.AT_LEAST_ONCE ? MqttMessageType.PUBACK
                        : MqttMessageType.PUBREC, packetId, Packets.UNSPECIFIED_ERROR));
            } else {
                control.close(); // not acknowledged: the client sends it again on its next connection
            }
            return;
        }
        if (qos == MqttQoS.AT_LEAST_ONCE) {
            ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBACK, packetId, Packets.SUCCESS));
        } else {
            // [MQTT-4.3.3-2]: the packet id stays remembered until PUBREL
            ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBREC, packetId, Packets.SUCCESS));
        }
    }

    /** MQTT 5.0 §3.3.2.3.4: topic aliases; returns null after closing the connection for a bad alias. */
    private String resolveAlias(String topicName, MqttProperties properties) {
        MqttProperties.MqttProperty<?> aliasProperty = properties.getProperty(MqttPropertyType.TOPIC_ALIAS.value());
        if (aliasProperty == null) {
            return topicName;
        }
        int alias = (Integer) aliasProperty.value();
        if (alias == 0 || alias > settings.topicAliasMaximum()) {
            control.protocolViolation(Packets.TOPIC_ALIAS_INVALID, "topic alias " + alias + " out of range"); // [MQTT-3.3.2-8]
            return null;
        }
        if (topicName == null || topicName.isEmpty()) {
            String known = topicAliases.get(alias);
            if (known == null) {
                control.protocolViolation(Packets.PROTOCOL_ERROR, "unknown topic alias " + alias);
            }
            return known;
        }
        topicAliases.put(alias, topicName);
        return topicName;
    }

    /** MQTT 3.1.1 §3.6: release of a QoS 2 message: forget the packet id, answer PUBCOMP. */
    void pubRel(int packetId) {
        boolean known = session.inboundQos2.remove(packetId);
        byte reason = known || !mqtt5 ? Packets.SUCCESS : Packets.PACKET_IDENTIFIER_NOT_FOUND;
        if (!known) {
            ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBCOMP, packetId, reason));
            return;
        }
        // PUBCOMP once the id is forgotten on disk too: the client may reuse it at once, and a remembered id would
        // make a restarted broker drop the new message as a duplicate
        context.sessions().savePacketIds(session).whenComplete((v, failure) -> ctx.channel().eventLoop().execute(
                () -> ctx.writeAndFlush(Packets.pubReply(MqttMessageType.PUBCOMP, packetId, reason))));
    }
}
