package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.delivery.ConsumeMode;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.StartPosition;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.DestinationNames;
import io.netty.channel.EventLoop;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The subscriptions one connection consumes for, one {@link Active} each: a consumer group of its own (durable
 * while the session is persistent) or a share of a shared subscription, joined on the session thread; their
 * deliveries are handed to the connection's event loop. Everything but {@link #open} and {@link #openAll} runs on
 * that event loop.
 */
final class ConnectionSubscriptions {

    private final SharedSubscriptions shared;
    private final BrokerSession brokerSession;
    private final String connectionId;
    private final EventLoop eventLoop;
    /** Called on the event loop with each delivery. */
    private final BiConsumer<Active, Delivery> deliver;
    private final Map<String, Active> actives = new LinkedHashMap<>();

    ConnectionSubscriptions(SharedSubscriptions shared, BrokerSession brokerSession, String connectionId,
                            EventLoop eventLoop, BiConsumer<Active, Delivery> deliver) {
        this.shared = shared;
        this.brokerSession = brokerSession;
        this.connectionId = connectionId;
        this.eventLoop = eventLoop;
        this.deliver = deliver;
    }

    /** On the session thread: joins the consumer group (or share) of one subscription. */
    Active open(SessionState state, Subscribed subscribed) {
        Active active = new Active(subscribed);
        String memberId = connectionId + "/" + subscribed.subscribed();
        if (subscribed.shared()) {
            active.member = shared.join(subscribed, memberId, (member, delivery) ->
                    eventLoop.execute(() -> deliver.accept(active, delivery)));
            return active;
        }
        boolean durable = state.persistent();
        state.mayHaveDurableGroups |= durable; // on the session thread, which owns the flag
        String group = durable ? state.durableGroup(subscribed)
                : DestinationNames.nonDurableGroup(connectionId, "MQTT|" + subscribed.subscribed());
        SubscriptionSpec spec = new SubscriptionSpec(subscribed.coreTopic(), group, memberId, MessageFilter.ALL,
                StartPosition.TIMESTAMP, subscribed.since(), ConsumeMode.CLUSTERING, durable, false);
        active.subscriber = brokerSession.subscribe(spec,
                delivery -> eventLoop.execute(() -> deliver.accept(active, delivery)));
        return active;
    }

    /** On the session thread: joins the groups of every subscription a resumed session has. */
    List<Active> openAll(SessionState state) {
        List<Active> opened = new ArrayList<>();
        for (Subscribed subscribed : state.subscriptions.values()) {
            opened.add(open(state, subscribed));
        }
        return opened;
    }

    /** Consumes for {@code active} from now on; one it replaces (same filter) is closed. */
    void add(Active active) {
        Active replaced = actives.put(active.subscribed.subscribed(), active);
        if (replaced != null && replaced != active) {
            replaced.close();
        }
    }

    /** Stops consuming for a subscription [MQTT-3.10.4-2]: no new messages for it. */
    void remove(String subscribed) {
        Active active = actives.remove(subscribed);
        if (active != null) {
            active.close();
        }
    }

    /**
     * The connection closes: each own subscriber leaves its group, which takes back what it holds; {@code unfinished}
     * deliveries of a share go to another member.
     */
    void closeAll(List<OutboundFlow.Outgoing> unfinished) {
        for (Active active : actives.values()) {
            active.close(); // an own subscriber releases what it holds to its group
        }
        for (OutboundFlow.Outgoing outgoing : unfinished) {
            if (outgoing.delivery() != null && outgoing.active().member != null) {
                outgoing.active().giveBack(outgoing.delivery()); // a share hands it to another member
            }
        }
        actives.clear();
    }
}
