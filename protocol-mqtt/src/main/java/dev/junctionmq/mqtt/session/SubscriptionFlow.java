package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.security.Action;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.mqtt.codec.Packets;
import dev.junctionmq.mqtt.retain.RetainOnSubscribe;
import dev.junctionmq.mqtt.subscription.TopicNames;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * SUBSCRIBE and UNSUBSCRIBE of one connected client (MQTT 3.1.1 §3.8 and §3.10, MQTT 5.0 §3.8 and §3.10): filters
 * checked and authorized, the session's subscriptions changed (and saved) on its session thread, the consumer
 * groups joined or left, SUBACK / UNSUBACK once that is done, and the retained messages of new subscriptions
 * queued for sending. Used on the connection's event loop; the session's changes run on its session thread.
 */
final class SubscriptionFlow {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionFlow.class);

    private final ChannelHandlerContext ctx;
    private final MqttContext context;
    private final BrokerPrincipal principal;
    private final String clientId;
    private final String connectionId;
    /** For logs (never the password). */
    private final String username;
    private final boolean mqtt5;
    /** Initial credit of a new subscription: the client's window. */
    private final int window;
    private final SessionState session;
    private final ConnectionSubscriptions subscriptions;
    private final OutboundFlow outbound;
    private final ConnectionControl connection;

    SubscriptionFlow(ChannelHandlerContext ctx, MqttContext context, BrokerPrincipal principal, String clientId,
                     String connectionId, String username, boolean mqtt5, int window, SessionState session,
                     ConnectionSubscriptions subscriptions, OutboundFlow outbound, ConnectionControl connection) {
        this.ctx = ctx;
        this.context = context;
        this.principal = principal;
        this.clientId = clientId;
        this.connectionId = connectionId;
        this.username = username;
        this.mqtt5 = mqtt5;
        this.window = window;
        this.session = session;
        this.subscriptions = subscriptions;
        this.outbound = outbound;
        this.connection = connection;
    }

    /** MQTT 3.1.1 §3.8, MQTT 5.0 §3.8. */
    void subscribe(MqttSubscribeMessage subscribe) {
        int packetId = subscribe.idAndPropertiesVariableHeader().messageId();
        List<MqttTopicSubscription> requested = subscribe.payload().topicSubscriptions();
        if (requested.isEmpty()) {
            connection.protocolViolation(Packets.PROTOCOL_ERROR, "SUBSCRIBE without topic filters"); // [MQTT-3.8.3-3]
            return;
        }
        int subscriptionId = 0;
        if (mqtt5) {
            MqttProperties.MqttProperty<?> id = subscribe.idAndPropertiesVariableHeader().properties()
                    .getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value());
            if (id != null) {
                subscriptionId = (Integer) id.value();
            }
        }
        long now = System.currentTimeMillis();
        Integer[] codes = new Integer[requested.size()];
        List<Subscribed> accepted = new ArrayList<>();
        List<Integer> acceptedIndex = new ArrayList<>();
        for (int i = 0; i < requested.size(); i++) {
            MqttTopicSubscription request = requested.get(i);
            TopicNames.SharedFilter parsed;
            try {
                parsed = TopicNames.parseShared(request.topicName());
            } catch (IllegalArgumentException e) {
                codes[i] = mqtt5 ? Packets.TOPIC_FILTER_INVALID & 0xFF : Packets.SUBACK_FAILURE_V3;
                continue;
            }
            if (!TopicNames.isValidFilter(parsed.filter())) {
                // [MQTT-4.7.3-1], [MQTT-4.7.1-2/3]: an invalid filter is refused, the others are not affected
                codes[i] = mqtt5 ? Packets.TOPIC_FILTER_INVALID & 0xFF : Packets.SUBACK_FAILURE_V3;
                continue;
            }
            var option = request.option();
            if (parsed.shared() && option.isNoLocal()) {
                // [MQTT-3.8.3-4]
                connection.protocolViolation(Packets.PROTOCOL_ERROR, "no local on a shared subscription");
                return;
            }
            try {
                context.services().auth().authorize(principal, Action.CONSUME, parsed.filter());
            } catch (SecurityException e) {
                log.warn("MQTT connection {} (client {}, user '{}'): subscription to '{}' refused: {}", connectionId,
                        clientId, username, request.topicName(), e.getMessage());
                codes[i] = mqtt5 ? Packets.NOT_AUTHORIZED & 0xFF : Packets.SUBACK_FAILURE_V3;
                continue;
            }
            int qos = Math.min(2, option.qos().value());
            codes[i] = qos;
            accepted.add(new Subscribed(request.topicName(), parsed.filter(), parsed.shareName(), qos,
                    mqtt5 && option.isNoLocal(), mqtt5 && option.isRetainAsPublished(),
                    mqtt5 ? option.retainHandling().value() : 0, subscriptionId, now));
            acceptedIndex.add(i);
        }
        SessionState state = session;
        context.sessions().onSessionThread(clientId, () -> addSubscriptions(state, accepted))
                .thenCompose(added -> added.persisted().thenApply(v -> added))
                .whenComplete((added, failure) -> ctx.channel().eventLoop().execute(() -> {
                    if (failure != null) {
                        log.error("MQTT connection {} (client {}): subscribe failed", connectionId, clientId, failure);
                        connection.protocolViolation(Packets.UNSPECIFIED_ERROR, "subscribe failed");
                        return;
                    }
                    subscribed(packetId, codes, added);
                }));
    }

    private record Added(List<Active> actives, List<List<String>> retainedTopics,
                         CompletableFuture<Void> persisted) {
    }

    /** On the session thread: records the subscriptions, joins their groups, finds their retained messages. */
    private Added addSubscriptions(SessionState state, List<Subscribed> accepted) {
        List<Active> opened = new ArrayList<>();
        List<List<String>> retained = new ArrayList<>();
        List<CompletableFuture<Boolean>> writes = new ArrayList<>();
        for (Subscribed requested : accepted) {
            Subscribed existing = state.subscriptions.get(requested.subscribed());
            // a replaced subscription keeps its consumer group and where it started (MQTT 3.1.1 §3.8.4)
            Subscribed subscribed = existing == null ? requested : new Subscribed(requested.subscribed(),
                    requested.filter(), requested.shareName(), requested.qos(), requested.noLocal(),
                    requested.retainAsPublished(), requested.retainHandling(), requested.subscriptionId(),
                    existing.since());
            writes.add(context.sessions().addSubscription(state, subscribed));
            opened.add(subscriptions.open(state, subscribed));
            retained.add(RetainOnSubscribe.topicsFor(context.retained(), subscribed.filter(), subscribed.shared(),
                    subscribed.retainHandling(), existing == null));
        }
        return new Added(opened, retained, CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
    }

    private void subscribed(int packetId, Integer[] codes, Added added) {
        if (connection.closing()) {
            added.actives().forEach(Active::close);
            return;
        }
        ctx.writeAndFlush(Packets.subAck(packetId, List.of(codes)));
        for (int i = 0; i < added.actives().size(); i++) {
            Active active = added.actives().get(i);
            subscriptions.add(active);
            // [MQTT-3.3.1-6]: retained messages matching a new subscription, with RETAIN set [MQTT-3.3.1-8]
            outbound.sendRetained(active.subscribed, added.retainedTopics().get(i));
            active.grantInitialCredit(window);
        }
    }

    /** MQTT 3.1.1 §3.10, MQTT 5.0 §3.10. */
    void unsubscribe(MqttUnsubscribeMessage unsubscribe) {
        int packetId = unsubscribe.idAndPropertiesVariableHeader().messageId();
        List<String> filters = unsubscribe.payload().topics();
        if (filters.isEmpty()) {
            // [MQTT-3.10.3-2]
            connection.protocolViolation(Packets.PROTOCOL_ERROR, "UNSUBSCRIBE without topic filters");
            return;
        }
        filters.forEach(subscriptions::remove); // [MQTT-3.10.4-2]: no new messages for them
        SessionState state = session;
        context.sessions().onSessionThread(clientId, () -> {
            List<CompletableFuture<Boolean>> removed = new ArrayList<>();
            for (String filter : filters) {
                removed.add(context.sessions().removeSubscription(state, filter));
            }
            return removed;
        }).thenCompose(removed -> CompletableFuture.allOf(removed.toArray(CompletableFuture[]::new))
                .thenApply(v -> removed.stream().map(CompletableFuture::join).toList()))
                .whenComplete((existed, failure) -> ctx.channel().eventLoop().execute(() -> {
                    if (connection.closing()) {
                        return;
                    }
                    List<Short> codes = new ArrayList<>();
                    for (int i = 0; i < filters.size(); i++) {
                        boolean was = failure == null && existed.get(i);
                        codes.add((short) (was ? Packets.SUCCESS : Packets.NO_SUBSCRIPTION_EXISTED));
                    }
                    ctx.writeAndFlush(Packets.unsubAck(packetId, codes));
                }));
    }
}
