package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.security.AuthenticationException;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.HandshakeDeadline;
import dev.junctionmq.mqtt.codec.Packets;
import dev.junctionmq.mqtt.subscription.TopicNames;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One MQTT network connection, from CONNECT to close (MQTT 3.1.1 and 5.0). Its state is owned by the channel's
 * event loop: packets arrive there, and deliveries (engine threads), store completions and session-thread results
 * are handed to it. Session state it shares with later connections of the same client id lives in
 * {@link SessionState}, handed over through the {@link SessionRegistry}. It handles CONNECT, DISCONNECT, keep
 * alive and protocol errors itself and hands the rest to one class per job: {@link SessionResume} (attach and let
 * go of the session), {@link InboundFlow} (PUBLISH from the client), {@link OutboundFlow} (messages to it),
 * {@link SubscriptionFlow} (SUBSCRIBE, UNSUBSCRIBE), {@link ConnectionSubscriptions} (the groups it consumes from)
 * and {@link Will}.
 */
public final class MqttConnection extends ChannelInboundHandlerAdapter implements ConnectionControl {

    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);
    /** User event: the broker is shutting down (MQTT 5 clients get DISCONNECT 0x8B). */
    public static final Object SHUTDOWN = new Object();

    private final MqttContext context;
    private final MqttSettings settings;

    private ChannelHandlerContext ctx;
    private String connectionId;
    private String remote;
    private HandshakeDeadline handshakeTimer;
    private boolean connectSeen;
    private boolean closing;
    /** DISCONNECT received (without "with will"): the will is not published [MQTT-3.14.4-3]. */
    private boolean normalDisconnect;
    private final List<MqttMessage> beforeConnAck = new ArrayList<>();
    private boolean connected;

    private int version;
    private boolean mqtt5;
    private String clientId;
    private String username;
    private BrokerPrincipal principal;
    private BrokerSession brokerSession;
    private SessionState session;
    private Will will;
    private long sessionExpiry;
    /** QoS 1/2 messages the client takes unacknowledged (its Receive Maximum, or ours for 3.1.1). */
    private int window;
    /** MQTT 5 Maximum Packet Size of the client, 0 = no limit. */
    private long clientMaxPacketSize;
    /** Messages to the client; set once the session is attached. */
    private OutboundFlow outbound;

    /** The subscriptions this connection consumes for; set once the broker session is open. */
    private ConnectionSubscriptions subscriptions;
    /** Messages from the client; set once the session is attached. */
    private InboundFlow inbound;
    /** SUBSCRIBE and UNSUBSCRIBE; set once the session is attached. */
    private SubscriptionFlow subscribing;

    public MqttConnection(MqttContext context) {
        this.context = context;
        this.settings = context.settings();
    }

    String connectionId() {
        return connectionId;
    }

    // ---- channel events ----

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        this.connectionId = context.channel().id().asShortText();
        this.remote = String.valueOf(context.channel().remoteAddress());
        handshakeTimer = HandshakeDeadline.start(context, this.context.services().handshakeTimeout(),
                () -> !connectSeen && !closing, "MQTT connection " + connectionId + " from " + remote + ": no CONNECT",
                this::close);
        log.debug("MQTT connection {} from {} accepted", connectionId, remote);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof MqttMessage message)) {
            context.fireChannelRead(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (connectSeen && !connected && message.decoderResult().isSuccess()) {
            beforeConnAck.add(message); // pipelined after CONNECT: handled once the session is attached
            return;
        }
        try {
            handle(message);
        } catch (SecurityException e) {
            log.warn("MQTT connection {} (client {}, user '{}'): {}", connectionId, clientId, who(), e.getMessage());
            protocolViolation(Packets.NOT_AUTHORIZED, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("MQTT connection {} (client {}): failed to handle {}", connectionId, clientId,
                    message.fixedHeader(), e);
            protocolViolation(Packets.UNSPECIFIED_ERROR, "internal error");
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("MQTT connection {} from {}: {}", connectionId, remote, cause.toString());
        } else {
            log.warn("MQTT connection {} from {} (client {}): unexpected failure", connectionId, remote, clientId,
                    cause);
        }
        close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event == SHUTDOWN) {
            protocolViolation(Packets.SERVER_SHUTTING_DOWN, "server shutting down");
            return;
        }
        if (event instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
            // [MQTT-3.1.2-24]: nothing received for one and a half times the keep alive
            if (!closing) {
                log.info("MQTT connection {} (client {}): keep alive expired, closing", connectionId, clientId);
                protocolViolation(Packets.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
            }
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (outbound != null && context.channel().isWritable()) {
            outbound.sendWaiting(); // retained messages of a new subscription wait for a writable socket
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        closing = true;
        beforeConnAck.forEach(ReferenceCountUtil::release);
        beforeConnAck.clear();
        SessionResume.handBack(outbound, subscriptions);
        if (session != null) {
            Will pending = normalDisconnect || this.context.stopping().get() ? null : will;
            Runnable publishWill = pending == null ? null
                    : () -> pending.publish(this.context, principal, clientId, remote);
            this.context.sessions().detach(session, this, publishWill, pending == null ? 0 : pending.delaySeconds());
            log.info("MQTT connection {} from {} (client {}, user '{}') closed{}", connectionId, remote, clientId,
                    who(), normalDisconnect ? "" : " without DISCONNECT");
        }
        if (brokerSession != null) {
            brokerSession.close();
        }
        context.fireChannelInactive();
    }

    /** Session take-over (MQTT 3.1.1 §3.1.4, MQTT 5.0 §3.1.4): called from the session thread. */
    void takeOver() {
        ctx.channel().eventLoop().execute(() -> {
            if (!closing) {
                log.info("MQTT connection {} (client {}): session taken over by a new connection", connectionId,
                        clientId);
                protocolViolation(Packets.SESSION_TAKEN_OVER, "session taken over");
            }
        });
    }

    // ---- packets ----

    private void handle(MqttMessage message) {
        if (message.decoderResult().isFailure()) {
            malformed(message.decoderResult().cause());
            return;
        }
        MqttMessageType type = message.fixedHeader().messageType();
        if (!connectSeen) {
            if (type != MqttMessageType.CONNECT) {
                // [MQTT-3.1.0-1]: the first packet from the client must be CONNECT
                log.info("MQTT connection {} from {}: first packet is {}, not CONNECT; closing", connectionId, remote,
                        type);
                close();
                return;
            }
            connect((MqttConnectMessage) message);
            return;
        }
        switch (type) {
            case PUBLISH -> inbound.publish((MqttPublishMessage) message);
            case PUBACK -> outbound.pubAck(packetId(message));
            case PUBREC -> outbound.pubRec(packetId(message), reasonCode(message));
            case PUBREL -> inbound.pubRel(packetId(message));
            case PUBCOMP -> outbound.pubComp(packetId(message));
            case SUBSCRIBE -> subscribing.subscribe((MqttSubscribeMessage) message);
            case UNSUBSCRIBE -> subscribing.unsubscribe((MqttUnsubscribeMessage) message);
            case PINGREQ -> ctx.writeAndFlush(Packets.pingResp());
            case DISCONNECT -> disconnect(message);
            // [MQTT-3.1.0-2]: a second CONNECT is a protocol violation
            case CONNECT -> protocolViolation(Packets.PROTOCOL_ERROR, "second CONNECT");
            case AUTH -> protocolViolation(Packets.PROTOCOL_ERROR, "AUTH without an authentication method");
            default -> protocolViolation(Packets.PROTOCOL_ERROR, "a client does not send " + type);
        }
    }

    private static int packetId(MqttMessage message) {
        return ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
    }

    private static byte reasonCode(MqttMessage message) {
        return message.variableHeader() instanceof MqttPubReplyMessageVariableHeader reply ? reply.reasonCode() : 0;
    }

    /** A packet the decoder could not read: wrong length, oversized, bad fields. */
    private void malformed(Throwable cause) {
        if (!connectSeen) {
            connectSeen = true;
            handshakeTimer.cancel();
            if (cause instanceof MqttUnacceptableProtocolVersionException) {
                // [MQTT-3.1.2-2]: unsupported protocol level (or name): CONNACK 0x01, then close
                log.info("MQTT connection {} from {}: {}; refused", connectionId, remote, cause.getMessage());
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
                return;
            }
            if (cause instanceof MqttIdentifierRejectedException) {
                log.info("MQTT connection {} from {}: {}; refused", connectionId, remote, cause.getMessage());
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
        }
        boolean tooLarge = cause instanceof TooLongFrameException;
        log.info("MQTT connection {} from {} (client {}): {} packet ({}); closing", connectionId, remote, clientId,
                tooLarge ? "oversized" : "malformed", cause.getMessage());
        protocolViolation(tooLarge ? Packets.PACKET_TOO_LARGE : Packets.MALFORMED_PACKET, cause.getMessage());
    }

    /**
     * Closes the connection for a protocol violation: MQTT 5 first sends DISCONNECT with the reason code
     * (MQTT 5.0 §4.13), MQTT 3.1.1 just closes (§4.8).
     */
    @Override
    public void protocolViolation(byte reasonCode, String reason) {
        if (closing) {
            return;
        }
        if (mqtt5 && connected) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
            ctx.writeAndFlush(Packets.disconnect(reasonCode, reason)).addListener(ChannelFutureListener.CLOSE);
        } else {
            close();
        }
    }

    @Override
    public void close() {
        closing = true;
        ctx.close();
    }

    @Override
    public boolean closing() {
        return closing;
    }

    private void refuse(MqttConnectReturnCode code) {
        closing = true;
        ctx.writeAndFlush(Packets.connAck(code, false, MqttProperties.NO_PROPERTIES))
                .addListener(ChannelFutureListener.CLOSE);
    }

    // ---- CONNECT ----

    /** MQTT 3.1.1 §3.1, MQTT 5.0 §3.1. */
    private void connect(MqttConnectMessage connect) {
        connectSeen = true;
        handshakeTimer.cancel();
        var header = connect.variableHeader();
        var payload = connect.payload();
        version = header.version();
        mqtt5 = version == 5;
        MqttProperties properties = header.properties();
        if (mqtt5 && properties.getProperty(MqttPropertyType.AUTHENTICATION_METHOD.value()) != null) {
            // enhanced authentication (MQTT 5.0 §4.12) is not supported
            refuse(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_AUTHENTICATION_METHOD);
            return;
        }
        boolean cleanStart = header.isCleanSession();
        String id = payload.clientIdentifier();
        boolean assigned = false;
        if (id == null || id.isEmpty()) {
            if (!mqtt5 && !cleanStart) {
                // [MQTT-3.1.3-8]: an empty client id needs clean session 1
                log.info("MQTT connection {} from {}: empty client id without clean session; refused", connectionId,
                        remote);
                refuse(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
                return;
            }
            id = "junction-" + UUID.randomUUID(); // [MQTT-3.1.3-6], MQTT 5 [MQTT-3.2.2-16]
            assigned = true;
        }
        if (id.indexOf('\u0000') >= 0) {
            // [MQTT-1.5.3-2]: no U+0000 in a UTF-8 string (the session journal relies on it too)
            log.info("MQTT connection {} from {}: client id holds U+0000; refused", connectionId, remote);
            refuse(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
                    : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        clientId = id;
        username = header.hasUserName() ? payload.userName() : null;
        String password = header.hasPassword() && payload.passwordInBytes() != null
                ? new String(payload.passwordInBytes(), java.nio.charset.StandardCharsets.UTF_8) : null;
        try {
            principal = context.services().auth().authenticate(username, password);
        } catch (AuthenticationException e) {
            log.warn("MQTT connection {} from {}: client {} user '{}' refused: {}", connectionId, remote, clientId,
                    who(), e.getMessage());
            refuse(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                    : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            return;
        }
        if (mqtt5) {
            sessionExpiry = Math.min(intProperty(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, 0),
                    settings.maxSessionExpiry());
            int receiveMaximum = (int) intProperty(properties, MqttPropertyType.RECEIVE_MAXIMUM, 65535);
            window = Math.max(1, Math.min(receiveMaximum, settings.maxInflight()));
            clientMaxPacketSize = intProperty(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, 0);
        } else {
            sessionExpiry = cleanStart ? 0 : SessionState.NEVER_EXPIRES;
            window = settings.maxInflight();
        }
        if (header.isWillFlag()) {
            if (!TopicNames.isValidTopicName(payload.willTopic())) {
                log.info("MQTT connection {} (client {}): invalid will topic; refused", connectionId, clientId);
                refuse(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_TOPIC_NAME_INVALID
                        : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
                return;
            }
            MqttProperties willProperties = payload.willProperties();
            long delay = mqtt5 ? intProperty(willProperties, MqttPropertyType.WILL_DELAY_INTERVAL, 0) : 0;
            will = new Will(payload.willTopic(), payload.willMessageInBytes(), MqttQoS.valueOf(header.willQos()),
                    header.isWillRetain(), willProperties, delay);
        }
        int keepAlive = header.keepAliveTimeSeconds();
        if (keepAlive > 0) {
            // [MQTT-3.1.2-24]: one and a half times the keep alive without a packet closes the connection
            ctx.pipeline().addBefore(ctx.name(), "mqtt-keep-alive",
                    new IdleStateHandler(keepAlive * 1500L, 0, 0, TimeUnit.MILLISECONDS));
        }
        // the session's calls are authorized here, on MQTT topic names and filters, not on the core topics
        brokerSession = context.services().openTrustedSession(clientId, remote);
        subscriptions = new ConnectionSubscriptions(context.shared(), brokerSession, connectionId,
                ctx.channel().eventLoop(), this::deliver);
        boolean assignedId = assigned;
        ctx.channel().config().setAutoRead(false); // until the session is attached
        SessionResume.attach(context.sessions(), clientId, cleanStart, sessionExpiry, this, subscriptions)
                .whenComplete((resumed, failure) -> ctx.channel().eventLoop().execute(() ->
                        attached(resumed, failure, assignedId)));
    }

    private static long intProperty(MqttProperties properties, MqttPropertyType type, long absent) {
        if (properties == null) {
            return absent;
        }
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? absent : Integer.toUnsignedLong((Integer) property.value());
    }

    private void attached(SessionResume.Resumed resumed, Throwable failure, boolean assignedId) {
        if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            log.error("MQTT connection {} (client {}): session could not be attached", connectionId, clientId, cause);
            SessionResume.abandon(resumed);
            context.sessions().releaseIfOwner(clientId, this); // or a later connection would wait for it forever
            refuse(mqtt5 ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE_5
                    : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        session = resumed.attached().state();
        if (closing || !ctx.channel().isActive()) {
            SessionResume.abandon(resumed);
            channelInactiveAfterAttach();
            return;
        }
        connected = true;
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (mqtt5) {
            properties = new MqttProperties();
            add(properties, MqttPropertyType.RECEIVE_MAXIMUM, settings.receiveMaximum());
            add(properties, MqttPropertyType.MAXIMUM_PACKET_SIZE, settings.maxPacketSize());
            add(properties, MqttPropertyType.TOPIC_ALIAS_MAXIMUM, settings.topicAliasMaximum());
            add(properties, MqttPropertyType.RETAIN_AVAILABLE, 1);
            add(properties, MqttPropertyType.WILDCARD_SUBSCRIPTION_AVAILABLE, 1);
            add(properties, MqttPropertyType.SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1);
            add(properties, MqttPropertyType.SHARED_SUBSCRIPTION_AVAILABLE, 1);
            if (assignedId) {
                properties.add(new MqttProperties.StringProperty(
                        MqttPropertyType.ASSIGNED_CLIENT_IDENTIFIER.value(), clientId));
            }
            add(properties, MqttPropertyType.SESSION_EXPIRY_INTERVAL, (int) sessionExpiry);
        }
        ctx.writeAndFlush(Packets.connAck(MqttConnectReturnCode.CONNECTION_ACCEPTED, resumed.attached().present(),
                properties));
        log.info("MQTT connection {} from {}: client {} connected as '{}' (MQTT {}, session {}, expiry {} s, "
                        + "keep alive {}, window {})", connectionId, remote, clientId, principal,
                mqtt5 ? "5.0" : version == 4 ? "3.1.1" : "3.1", resumed.attached().present() ? "resumed" : "new",
                sessionExpiry, ctx.pipeline().get("mqtt-keep-alive") != null, window);
        outbound = new OutboundFlow(ctx, connectionId, clientId, mqtt5, window, clientMaxPacketSize, session,
                this, context.sessions(), context.retained());
        inbound = new InboundFlow(ctx, context, principal, clientId, connectionId, who(), mqtt5, session,
                brokerSession, this);
        subscribing = new SubscriptionFlow(ctx, context, principal, clientId, connectionId, who(), mqtt5, window,
                session, subscriptions, outbound, this);
        SessionResume.resume(resumed, outbound, subscriptions, window);
        ctx.channel().config().setAutoRead(true);
        List<MqttMessage> early = new ArrayList<>(beforeConnAck);
        beforeConnAck.clear();
        for (MqttMessage message : early) {
            if (closing) {
                ReferenceCountUtil.release(message);
                continue;
            }
            try {
                handle(message);
            } finally {
                ReferenceCountUtil.release(message);
            }
        }
    }

    /** The channel closed while the session was being attached: let go of it again. */
    private void channelInactiveAfterAttach() {
        Will pending = normalDisconnect ? null : will;
        Runnable publishWill = pending == null ? null : () -> pending.publish(context, principal, clientId, remote);
        context.sessions().detach(session, this, publishWill, pending == null ? 0 : pending.delaySeconds());
    }

    private static void add(MqttProperties properties, MqttPropertyType type, int value) {
        properties.add(new MqttProperties.IntegerProperty(type.value(), value));
    }

    // ---- messages to the client ----

    /** On the event loop: a message of one of this connection's subscriptions. */
    private void deliver(Active active, Delivery delivery) {
        if (active.isClosed()) {
            if (active.member != null) {
                active.giveBack(delivery);
            }
            return; // an own group took the message back when its subscriber closed
        }
        if (closing || !ctx.channel().isActive()) {
            active.giveBack(delivery);
            return;
        }
        outbound.send(new OutboundFlow.Outgoing(active, delivery, active.subscribed, null));
    }

    // ---- DISCONNECT and will ----

    /** MQTT 3.1.1 §3.14, MQTT 5.0 §3.14. */
    private void disconnect(MqttMessage message) {
        byte reason = 0;
        if (message.variableHeader() instanceof MqttReasonCodeAndPropertiesVariableHeader header) {
            reason = header.reasonCode();
            long expiry = intProperty(header.properties(), MqttPropertyType.SESSION_EXPIRY_INTERVAL, -1);
            if (expiry >= 0) {
                if (sessionExpiry == 0 && expiry > 0) {
                    protocolViolation(Packets.PROTOCOL_ERROR, "session expiry set on DISCONNECT"); // [MQTT-3.14.2-2]
                    return;
                }
                long granted = Math.min(expiry, settings.maxSessionExpiry());
                sessionExpiry = granted;
                SessionState state = session;
                context.sessions().onSessionThread(clientId, () -> {
                    state.expirySeconds = granted;
                    return null;
                });
            }
        }
        // MQTT 5.0 §3.14.2.1: 0x04 "disconnect with will message" keeps the will
        normalDisconnect = reason != 0x04;
        log.debug("MQTT connection {} (client {}): DISCONNECT (reason 0x{})", connectionId, clientId,
                Integer.toHexString(reason & 0xFF));
        close();
    }

    /** The user name for logs (never the password). */
    private String who() {
        return username == null ? "-" : username;
    }
}
