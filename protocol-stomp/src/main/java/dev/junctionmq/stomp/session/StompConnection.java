package dev.junctionmq.stomp.session;

import dev.junctionmq.broker.engine.SendResult;
import dev.junctionmq.broker.engine.delivery.ConsumeMode;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.StartPosition;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.AuthenticationException;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.DestinationNames;
import dev.junctionmq.broker.spi.HandshakeDeadline;
import dev.junctionmq.stomp.codec.StompFrame;
import dev.junctionmq.stomp.codec.StompFrameDecoder;
import dev.junctionmq.stomp.codec.StompFrameEncoder;
import dev.junctionmq.stomp.codec.StompProtocolException;
import dev.junctionmq.stomp.codec.StompVersion;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * One STOMP connection, from CONNECT to close. All of its state is owned by the channel's event loop: frames
 * arrive there, and deliveries (called on engine threads) and send completions (on store threads) are handed to
 * it. Any protocol violation answers with an ERROR frame (a {@code message} header and an explaining body) and
 * closes the connection (STOMP 1.2 "ERROR"); closing returns the connection's unacknowledged messages to their
 * groups and rolls back its open transactions.
 */
public final class StompConnection extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(StompConnection.class);
    private static final String SERVER = "Junction/0.1";
    /** Names a durable topic subscription on SUBSCRIBE and UNSUBSCRIBE (ActiveMQ's convention). */
    private static final String DURABLE_SUBSCRIPTION_NAME = "activemq.subscriptionName";
    /** Sends in flight before the connection stops reading (and resumes below half). */
    private static final int MAX_SENDS_IN_FLIGHT = 512;

    private final BrokerServices services;
    private final StompSettings settings;
    private final StompFrameDecoder decoder;
    private final StompFrameEncoder encoder;

    private ChannelHandlerContext ctx;
    private String connectionId;
    private String remote;
    private String login;
    private String clientIdHeader;
    private StompVersion version = StompVersion.V1_0;
    private BrokerSession session;
    private boolean closing;
    private HandshakeDeadline handshakeTimer;
    private long ackSequence;
    private final Map<String, StompSubscription> subscriptions = new LinkedHashMap<>();
    /** ack id → the subscription holding that delivery. */
    private final Map<String, StompSubscription> pendingAcks = new HashMap<>();
    private final Map<String, StompTransaction> transactions = new HashMap<>();
    private final Set<CompletableFuture<?>> sendsInFlight = new HashSet<>();

    public StompConnection(BrokerServices services, StompSettings settings, StompFrameDecoder decoder,
                           StompFrameEncoder encoder) {
        this.services = services;
        this.settings = settings;
        this.decoder = decoder;
        this.encoder = encoder;
    }

    // ---- channel events ----

    @Override
    public void channelActive(ChannelHandlerContext context) {
        this.ctx = context;
        this.connectionId = context.channel().id().asShortText();
        this.remote = String.valueOf(context.channel().remoteAddress());
        handshakeTimer = HandshakeDeadline.start(context, services.handshakeTimeout(),
                () -> session == null && !closing,
                "STOMP connection " + connectionId + " from " + remote + ": no CONNECT", () -> {
                    closing = true;
                    context.close();
                });
        log.debug("STOMP connection {} from {} accepted", connectionId, remote);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof StompFrame frame)) {
            context.fireChannelRead(msg);
            return;
        }
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (log.isTraceEnabled()) {
            log.trace("STOMP connection {} received {}", connectionId, frame);
        }
        try {
            handle(frame);
        } catch (StompProtocolException e) {
            error(e.getMessage(), e.details(), frame.header("receipt"));
        } catch (SecurityException e) {
            // AuthorizationException: the principal may not send or consume there
            log.warn("STOMP connection {} from {} (login '{}'): {}", connectionId, remote, who(), e.getMessage());
            sendError(e.getMessage(), null, frame.header("receipt"));
        } catch (RuntimeException e) {
            // SendRejectedException, an invalid topic name, a closed session: the broker refused the request
            error(e.getMessage() == null ? e.toString() : e.getMessage(), null, frame.header("receipt"));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof DecoderException && cause.getCause() instanceof StompProtocolException protocol) {
            error(protocol.getMessage(), protocol.details(), null);
        } else if (cause instanceof IOException) {
            log.debug("STOMP connection {} from {}: {}", connectionId, remote, cause.toString());
            context.close();
        } else {
            log.warn("STOMP connection {} from {}: unexpected failure", connectionId, remote, cause);
            error("internal error", null, null);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof IdleStateEvent idle) {
            if (idle.state() == IdleState.WRITER_IDLE) {
                context.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'\n'}));
            } else if (idle.state() == IdleState.READER_IDLE && !closing) {
                log.info("STOMP connection {} from {} (login '{}'): no heart-beat from the client, closing",
                        connectionId, remote, who());
                closing = true;
                context.close();
            }
            return;
        }
        context.fireUserEventTriggered(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable()) {
            for (StompSubscription subscription : subscriptions.values()) {
                subscription.grantOwed();
            }
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        closing = true;
        for (StompTransaction transaction : transactions.values()) {
            transaction.abort();
        }
        transactions.clear();
        subscriptions.clear();
        pendingAcks.clear();
        if (session != null) {
            session.close();
            log.info("STOMP connection {} from {} (login '{}') closed", connectionId, remote, who());
        } else {
            log.debug("STOMP connection {} from {} closed before CONNECT", connectionId, remote);
        }
        context.fireChannelInactive();
    }

    // ---- frames ----

    private void handle(StompFrame frame) {
        String command = frame.command();
        if (session == null) {
            if (StompFrame.CONNECT.equals(command) || StompFrame.STOMP.equals(command)) {
                connect(frame);
                return;
            }
            throw new StompProtocolException("not connected: the first frame must be CONNECT or STOMP, not '"
                    + command + "'");
        }
        switch (command) {
            case StompFrame.SEND -> send(frame);
            case StompFrame.SUBSCRIBE -> subscribe(frame);
            case StompFrame.UNSUBSCRIBE -> unsubscribe(frame);
            case StompFrame.ACK -> acknowledge(frame, true);
            case StompFrame.NACK -> acknowledge(frame, false);
            case StompFrame.BEGIN -> begin(frame);
            case StompFrame.COMMIT -> commit(frame);
            case StompFrame.ABORT -> abort(frame);
            case StompFrame.DISCONNECT -> disconnect(frame);
            case StompFrame.CONNECT, StompFrame.STOMP -> throw new StompProtocolException("already connected");
            default -> throw new StompProtocolException("unknown STOMP command '" + command + "'",
                    "Commands are SEND, SUBSCRIBE, UNSUBSCRIBE, ACK, NACK, BEGIN, COMMIT, ABORT and DISCONNECT.");
        }
    }

    /** STOMP 1.2 "Connecting" and "Protocol Negotiation". */
    private void connect(StompFrame frame) {
        handshakeTimer.cancel();
        StompVersion negotiated = negotiateVersion(frame.header("accept-version"));
        version = negotiated;
        decoder.version(negotiated);
        encoder.version(negotiated);
        HeartBeat heartBeat = negotiated.atLeast(StompVersion.V1_1)
                ? HeartBeat.negotiate(frame.header("heart-beat"), settings.heartBeatSendMillis(),
                settings.heartBeatReceiveMillis())
                : HeartBeat.NONE;
        login = frame.header("login");
        BrokerPrincipal principal;
        try {
            principal = services.auth().authenticate(login, login == null ? null : frame.header("passcode"));
        } catch (AuthenticationException e) {
            log.warn("STOMP connection {} from {}: login '{}' refused: {}", connectionId, remote, login,
                    e.getMessage());
            sendError(e.getMessage(), "Authentication failed.", null);
            return;
        }
        clientIdHeader = frame.header("client-id");
        session = services.openSession(principal, clientIdHeader != null ? clientIdHeader : connectionId, remote);
        StompFrame.Builder connected = StompFrame.builder(StompFrame.CONNECTED)
                .header("session", connectionId)
                .header("server", SERVER);
        if (negotiated.atLeast(StompVersion.V1_1)) {
            connected.header("version", negotiated.text())
                    .header("heart-beat", settings.heartBeatSendMillis() + "," + settings.heartBeatReceiveMillis());
        }
        ctx.writeAndFlush(connected.build());
        if (heartBeat.sendMillis() > 0 || heartBeat.receiveMillis() > 0) {
            // A client that is silent for twice its promised interval is gone (STOMP 1.2 allows for a margin).
            ctx.pipeline().addBefore(ctx.name(), "stomp-heart-beat", new IdleStateHandler(
                    2 * heartBeat.receiveMillis(), heartBeat.sendMillis(), 0, TimeUnit.MILLISECONDS));
        }
        log.info("STOMP connection {} from {}: connected as '{}' (STOMP {}, host '{}', client-id '{}', "
                        + "heart-beat send {} ms / receive {} ms)", connectionId, remote, principal,
                negotiated.text(), frame.header("host"), clientIdHeader, heartBeat.sendMillis(),
                heartBeat.receiveMillis());
    }

    private static StompVersion negotiateVersion(String acceptVersion) {
        if (acceptVersion == null) {
            return StompVersion.V1_0;
        }
        StompVersion best = null;
        for (String offered : acceptVersion.split(",")) {
            StompVersion version = StompVersion.parse(offered).orElse(null);
            if (version != null && (best == null || version.compareTo(best) > 0)) {
                best = version;
            }
        }
        if (best == null) {
            throw new StompProtocolException("no supported protocol version in accept-version '" + acceptVersion
                    + "'", "Supported protocol versions are " + StompVersion.supportedList() + ".");
        }
        return best;
    }

    private void send(StompFrame frame) {
        StompDestination destination = StompDestination.parse(required(frame, "destination"));
        OutgoingMessage message = MessageMapping.toOutgoing(destination, frame, ctx.channel().remoteAddress());
        String transactionId = frame.header("transaction");
        if (transactionId != null) {
            transaction(transactionId).send(message);
            receipt(frame);
            return;
        }
        CompletableFuture<SendResult> stored = session.send(message);
        sendsInFlight.add(stored);
        if (sendsInFlight.size() >= MAX_SENDS_IN_FLIGHT) {
            ctx.channel().config().setAutoRead(false);
        }
        stored.whenComplete((result, failure) -> ctx.channel().eventLoop().execute(() -> {
            sendsInFlight.remove(stored);
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                log.warn("STOMP connection {}: message to {} not stored: {}", connectionId, destination,
                        cause.toString());
                sendError("message not stored: " + cause.getMessage(), null, frame.header("receipt"));
                return;
            }
            if (!closing && sendsInFlight.size() == MAX_SENDS_IN_FLIGHT / 2) {
                ctx.channel().config().setAutoRead(true);
            }
            receipt(frame);
        }));
    }

    /** STOMP 1.2 "SUBSCRIBE"; groups as docs/protocol-mapping.md defines them for STOMP. */
    private void subscribe(StompFrame frame) {
        String destinationHeader = required(frame, "destination");
        StompDestination destination = StompDestination.parse(destinationHeader);
        String id = frame.header("id");
        if (id == null) {
            if (version.atLeast(StompVersion.V1_1)) {
                throw new StompProtocolException("SUBSCRIBE requires an id header", "STOMP 1.1 and 1.2 require "
                        + "the id header on SUBSCRIBE.");
            }
            id = destinationHeader;
        }
        if (subscriptions.containsKey(id)) {
            throw new StompProtocolException("subscription id '" + id + "' is already in use on this connection");
        }
        AckMode ackMode = AckMode.parse(frame.header("ack"));
        MessageFilter filter = filter(frame.header("selector"));
        int prefetch = prefetch(frame.header("activemq.prefetchSize"), ackMode);
        String memberId = connectionId + "/" + id;
        SubscriptionSpec spec;
        if (destination.kind() == StompDestination.Kind.QUEUE) {
            spec = new SubscriptionSpec(destination.name(), destination.queueGroup(), memberId, filter,
                    StartPosition.FIRST, 0, ConsumeMode.CLUSTERING, true, false);
        } else {
            String subscriptionName = frame.header(DURABLE_SUBSCRIPTION_NAME);
            if (subscriptionName != null) {
                spec = new SubscriptionSpec(destination.name(), durableGroup(subscriptionName), memberId, filter,
                        // As in JMS: a new durable subscription receives what is published from now on.
                        StartPosition.LAST, 0, ConsumeMode.CLUSTERING, true, false);
            } else {
                spec = new SubscriptionSpec(destination.name(), DestinationNames.nonDurableGroup(connectionId, id),
                        memberId, filter, StartPosition.LAST, 0, ConsumeMode.CLUSTERING, false, false);
            }
        }
        StompSubscription subscription = new StompSubscription(id, destination.toString(), ackMode, prefetch);
        subscription.subscriber = session.subscribe(spec,
                delivery -> ctx.channel().eventLoop().execute(() -> deliver(subscription, delivery)));
        subscriptions.put(id, subscription);
        subscription.subscriber.grantCredit(prefetch);
        log.debug("STOMP connection {}: subscription '{}' to {} in group {} (ack {}, prefetch {}, filter {})",
                connectionId, id, destination, spec.group(), ackMode, prefetch, filter);
        receipt(frame);
    }

    private static MessageFilter filter(String selector) {
        if (selector == null || selector.isBlank()) {
            return MessageFilter.ALL;
        }
        try {
            return MessageFilter.of(null, selector);
        } catch (RuntimeException e) {
            throw new StompProtocolException("invalid selector '" + selector + "': " + e.getMessage(),
                    "The selector header is a Jakarta Messaging message selector over the message's headers.");
        }
    }

    private int prefetch(String header, AckMode ackMode) {
        if (header == null) {
            return ackMode == AckMode.AUTO ? settings.autoPrefetch() : settings.clientPrefetch();
        }
        try {
            int value = Integer.parseInt(header.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StompProtocolException("invalid activemq.prefetchSize '" + header + "'",
                "activemq.prefetchSize is a positive number of messages.");
    }

    /** On the event loop: writes one delivery as a MESSAGE frame. */
    private void deliver(StompSubscription subscription, Delivery delivery) {
        if (subscription.subscriber.isClosed()) {
            return; // its group took the message back when the subscriber closed
        }
        if (closing || !ctx.channel().isActive()) {
            subscription.subscriber.release(delivery);
            return;
        }
        String ackId = null;
        if (subscription.ackMode != AckMode.AUTO) {
            ackId = Long.toString(++ackSequence);
            subscription.track(ackId, delivery);
            pendingAcks.put(ackId, subscription);
        }
        StompFrame frame = MessageMapping.toMessageFrame(subscription.id, subscription.destination,
                delivery.message(), delivery.redelivered(), version.atLeast(StompVersion.V1_2) ? ackId : null);
        if (subscription.ackMode == AckMode.AUTO) {
            ctx.writeAndFlush(frame).addListener((ChannelFutureListener) written -> {
                if (written.isSuccess() && !subscription.subscriber.isClosed()) {
                    subscription.subscriber.ack(delivery);
                    subscription.replenish(1, written.channel().isWritable());
                }
            });
        } else {
            ctx.writeAndFlush(frame);
        }
    }

    /**
     * UNSUBSCRIBE detaches a subscription. With {@code activemq.subscriptionName} (the ActiveMQ convention, as on
     * SUBSCRIBE) it also deletes that durable subscription, like JMS {@code Session.unsubscribe}: its group and the
     * messages kept for it only. The durable subscription need not be attached on this connection.
     */
    private void unsubscribe(StompFrame frame) {
        String durableName = frame.header(DURABLE_SUBSCRIPTION_NAME);
        String id = frame.header("id");
        if (id == null) {
            if (version.atLeast(StompVersion.V1_1) || frame.header("destination") == null) {
                throw new StompProtocolException("UNSUBSCRIBE requires an id header");
            }
            id = frame.header("destination");
        }
        StompSubscription subscription = subscriptions.remove(id);
        if (subscription == null && durableName == null) {
            throw new StompProtocolException("no subscription with id '" + id + "'");
        }
        if (subscription != null) {
            for (String ackId : subscription.ackIds()) {
                pendingAcks.remove(ackId);
            }
            subscription.subscriber.close();
            log.debug("STOMP connection {}: unsubscribed '{}'", connectionId, id);
        }
        if (durableName != null) {
            deleteDurableSubscription(durableName, subscription != null);
        }
        receipt(frame);
    }

    private void deleteDurableSubscription(String subscriptionName, boolean wasAttachedHere) {
        String group = durableGroup(subscriptionName);
        boolean deleted;
        try {
            deleted = session.deleteDurableSubscription(group);
        } catch (IllegalStateException e) {
            throw new StompProtocolException("durable subscription '" + subscriptionName + "' is in use",
                    "It still has subscribers on other connections with client-id '" + clientIdHeader
                            + "'; UNSUBSCRIBE it there first.");
        }
        if (!deleted && !wasAttachedHere) {
            throw new StompProtocolException("no durable subscription '" + subscriptionName + "' for client-id '"
                    + clientIdHeader + "'");
        }
        log.info("STOMP connection {}: deleted durable subscription {}", connectionId, group);
    }

    private String durableGroup(String subscriptionName) {
        if (clientIdHeader == null) {
            throw new StompProtocolException("durable subscription '" + subscriptionName
                    + "' needs a client-id header on CONNECT", "A durable topic subscription is named by "
                    + "the CONNECT header client-id and the header " + DURABLE_SUBSCRIPTION_NAME + ".");
        }
        return DestinationNames.durableSubscriptionGroup(clientIdHeader, subscriptionName);
    }

    /** STOMP 1.2 "ACK" / "NACK" (1.1: message-id and subscription; 1.0: message-id). */
    private void acknowledge(StompFrame frame, boolean ack) {
        StompSubscription subscription;
        String ackId;
        if (version.atLeast(StompVersion.V1_2)) {
            ackId = required(frame, "id");
            subscription = pendingAcks.get(ackId);
        } else {
            String messageId = required(frame, "message-id");
            List<StompSubscription> candidates;
            if (version == StompVersion.V1_1) {
                StompSubscription named = subscriptions.get(required(frame, "subscription"));
                candidates = named == null ? List.of() : List.of(named);
            } else {
                candidates = new ArrayList<>(subscriptions.values());
            }
            subscription = null;
            ackId = null;
            for (StompSubscription candidate : candidates) {
                ackId = candidate.ackIdOfMessage(messageId);
                if (ackId != null) {
                    subscription = candidate;
                    break;
                }
            }
        }
        if (subscription == null || !subscription.holds(ackId)) {
            throw new StompProtocolException("no unacknowledged message for " + frame.command() + " "
                    + frame.headers().getOrDefault("id", frame.header("message-id")));
        }
        boolean cumulative = ack && subscription.ackMode == AckMode.CLIENT;
        Map<String, Delivery> taken = subscription.take(ackId, cumulative);
        taken.keySet().forEach(pendingAcks::remove);
        Collection<Delivery> deliveries = taken.values();
        String transactionId = frame.header("transaction");
        StompTransaction transaction = transactionId == null ? null : transaction(transactionId);
        for (Delivery delivery : deliveries) {
            if (transaction != null) {
                transaction.acknowledge(subscription.subscriber, delivery, ack);
            } else if (ack) {
                subscription.subscriber.ack(delivery);
            } else {
                subscription.subscriber.reject(delivery);
            }
        }
        subscription.replenish(deliveries.size(), ctx.channel().isWritable());
        receipt(frame);
    }

    private void begin(StompFrame frame) {
        String id = required(frame, "transaction");
        if (transactions.containsKey(id)) {
            throw new StompProtocolException("transaction '" + id + "' is already active");
        }
        transactions.put(id, new StompTransaction(session.beginTransaction()));
        receipt(frame);
    }

    private void commit(StompFrame frame) {
        String id = required(frame, "transaction");
        StompTransaction transaction = transaction(id);
        transactions.remove(id);
        transaction.commit().whenComplete((done, failure) -> ctx.channel().eventLoop().execute(() -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                log.warn("STOMP connection {}: transaction '{}' failed to commit: {}", connectionId, id,
                        cause.toString());
                sendError("transaction '" + id + "' failed to commit: " + cause.getMessage(), null,
                        frame.header("receipt"));
            } else {
                receipt(frame);
            }
        }));
    }

    private void abort(StompFrame frame) {
        String id = required(frame, "transaction");
        StompTransaction transaction = transaction(id);
        transactions.remove(id);
        transaction.abort();
        receipt(frame);
    }

    private StompTransaction transaction(String id) {
        StompTransaction transaction = transactions.get(id);
        if (transaction == null) {
            throw new StompProtocolException("no active transaction '" + id + "'");
        }
        return transaction;
    }

    /** STOMP 1.2 "DISCONNECT": the receipt confirms that every earlier frame, sends included, was processed. */
    private void disconnect(StompFrame frame) {
        closing = true;
        String receipt = frame.header("receipt");
        log.debug("STOMP connection {}: DISCONNECT", connectionId);
        if (receipt == null) {
            ctx.close();
            return;
        }
        CompletableFuture.allOf(sendsInFlight.toArray(CompletableFuture[]::new))
                .whenComplete((done, failure) -> ctx.channel().eventLoop().execute(() -> ctx.writeAndFlush(
                        StompFrame.builder(StompFrame.RECEIPT).header("receipt-id", receipt).build())
                        .addListener(ChannelFutureListener.CLOSE)));
    }

    // ---- replies ----

    /** The login for logs (never the passcode). */
    private String who() {
        return login == null ? "-" : login;
    }

    private static String required(StompFrame frame, String header) {
        String value = frame.header(header);
        if (value == null) {
            throw new StompProtocolException(frame.command() + " requires a " + header + " header");
        }
        return value;
    }

    private void receipt(StompFrame frame) {
        String receipt = frame.header("receipt");
        if (receipt != null && !closing) {
            ctx.writeAndFlush(StompFrame.builder(StompFrame.RECEIPT).header("receipt-id", receipt).build());
        }
    }

    /** Logs the client's protocol error, sends an ERROR frame and closes the connection once it is written. */
    private void error(String message, String details, String receiptId) {
        if (!closing) {
            log.info("STOMP connection {} from {} (login '{}'): ERROR '{}', closing", connectionId, remote, who(),
                    message);
        }
        sendError(message, details, receiptId);
    }

    /** Sends an ERROR frame and closes the connection once it is written (the caller logged why). */
    private void sendError(String message, String details, String receiptId) {
        if (closing) {
            return;
        }
        closing = true;
        ctx.channel().config().setAutoRead(false);
        StompFrame error = StompFrame.builder(StompFrame.ERROR)
                .header("message", message)
                .header("receipt-id", receiptId)
                .header("content-type", "text/plain")
                .body(details == null ? message : message + "\n" + details)
                .build();
        ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
    }
}
