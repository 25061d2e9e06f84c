package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.delivery.ConsumeMode;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.StartPosition;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.mqtt.subscription.FilterRouting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * MQTT 5 shared subscriptions {@code $share/<name>/<filter>} (MQTT 5.0 §4.8.2): each message goes to one of the
 * sessions sharing the subscription. The share is one durable consumer group on the filter's core topic, so what
 * arrives while no member is connected waits on disk; one core subscriber per share takes the messages and hands
 * them to the connected members in turn, each with its own window. Credit is the sum of the members' windows; a
 * message a member gives back (it disconnected) goes back to the group and to another member.
 */
public final class SharedSubscriptions {

    private static final Logger log = LoggerFactory.getLogger(SharedSubscriptions.class);

    private final BrokerServices services;
    private final Map<String, Group> groups = new HashMap<>();

    public SharedSubscriptions(BrokerServices services) {
        this.services = services;
    }

    /** The consumer group of a share: one per share name and filter. */
    static String groupName(String shareName, String filter) {
        return "MQTT|$share|" + shareName + "|" + filter;
    }

    /**
     * Joins the share of {@code subscribed}, creating its core subscriber for the first member; call off the event
     * loops.
     *
     * @param deliver called on an engine thread with each message for this member: hand it to the event loop
     */
    synchronized Member join(Subscribed subscribed, String memberId, BiConsumer<Member, Delivery> deliver) {
        String key = groupName(subscribed.shareName(), subscribed.filter());
        Group group = groups.get(key);
        if (group == null) {
            group = new Group(key);
            // members were authorized on the filter when they subscribed
            BrokerSession session = services.openTrustedSession(key, "shared subscription");
            Group created = group;
            SubscriptionSpec spec = new SubscriptionSpec(FilterRouting.filterTopic(subscribed.filter()), key, key,
                    MessageFilter.ALL, StartPosition.TIMESTAMP, subscribed.since(), ConsumeMode.CLUSTERING, true,
                    false);
            group.session = session;
            group.core = session.subscribe(spec, created::dispatch);
            groups.put(key, group);
            log.debug("MQTT shared subscription {} opened", key);
        }
        Member member = new Member(group, memberId, deliver);
        group.members.add(member);
        return member;
    }

    private synchronized void leave(Member member) {
        Group group = member.group;
        group.members.remove(member);
        if (group.members.isEmpty()) {
            groups.remove(group.key);
            group.session.close(); // closes the core subscriber: what it holds goes back to the durable group
            log.debug("MQTT shared subscription {} closed: no member left", group.key);
        } else {
            int unused = group.core.drainCredit();
            group.core.grantCredit(Math.max(0, unused - member.window));
        }
    }

    /** One share: its core subscriber and its connected members. */
    final class Group {
        final String key;
        final List<Member> members = new CopyOnWriteArrayList<>();
        final AtomicInteger next = new AtomicInteger();
        BrokerSession session;
        Subscriber core;

        Group(String key) {
            this.key = key;
        }

        /** On an engine thread: the next member in turn gets the message. */
        void dispatch(Delivery delivery) {
            for (int attempt = 0; attempt < members.size() + 1; attempt++) {
                List<Member> current = members;
                if (current.isEmpty()) {
                    break;
                }
                Member member = current.get(Math.floorMod(next.getAndIncrement(), current.size()));
                if (!member.isClosed()) {
                    member.deliver.accept(member, delivery);
                    return;
                }
            }
            if (!core.isClosed()) {
                core.release(delivery);
            }
        }
    }

    /** A connected session's share in a group. */
    final class Member {
        final Group group;
        final String memberId;
        final BiConsumer<Member, Delivery> deliver;
        private final AtomicBoolean closed = new AtomicBoolean();
        int window;

        Member(Group group, String memberId, BiConsumer<Member, Delivery> deliver) {
            this.group = group;
            this.memberId = memberId;
            this.deliver = deliver;
        }

        boolean isClosed() {
            return closed.get() || group.core.isClosed();
        }

        void grantInitialCredit(int credit) {
            this.window = credit;
            group.core.grantCredit(credit);
        }

        void done(Delivery delivery) {
            if (!group.core.isClosed()) {
                group.core.ack(delivery);
                group.core.grantCredit(1);
            }
        }

        /** This member cannot take the message: another member gets it, or the group keeps it. */
        void giveBack(Delivery delivery) {
            if (!group.core.isClosed()) {
                group.dispatch(delivery);
            }
        }

        void close() {
            if (closed.compareAndSet(false, true)) {
                leave(this);
            }
        }
    }
}
