package dev.junctionmq.amqp.address;

import dev.junctionmq.broker.engine.delivery.ConsumeMode;
import dev.junctionmq.broker.engine.delivery.StartPosition;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.spi.DestinationNames;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;

/**
 * Which consumer group a receiving link joins (docs/protocol-mapping.md, "AMQP 1.0", the same groups as STOMP and
 * JMS). For topics the subscription name is the link name up to its first {@code |}: Qpid JMS names a durable
 * subscription's link {@code subName}, further consumers of a shared one {@code subName|2}, {@code subName|global},
 * {@code subName|volatile1}, {@code subName|global-volatile1} and so on.
 */
public final class SubscriptionTarget {

    public static final Symbol SHARED = Symbol.valueOf("shared");
    public static final Symbol GLOBAL = Symbol.valueOf("global");

    private SubscriptionTarget() {
    }

    /**
     * @param containerId the connection's container id (Qpid JMS: the JMS client id, when one is set)
     * @param linkKey     unique per link within the connection (for a non-durable subscriber's own group)
     */
    public static SubscriptionSpec spec(AmqpAddress address, String linkName, Symbol[] capabilities,
                                        TerminusDurability durability, String connectionId, String containerId,
                                        String linkKey, MessageFilter filter) {
        String memberId = connectionId + "/" + linkKey;
        if (address.kind() == AmqpAddress.Kind.QUEUE) {
            return new SubscriptionSpec(address.name(), DestinationNames.queueGroup(address.name()), memberId, filter,
                    StartPosition.FIRST, 0, ConsumeMode.CLUSTERING, true, false);
        }
        boolean durable = durability != null && durability != TerminusDurability.NONE;
        boolean shared = AmqpAddress.has(capabilities, SHARED);
        boolean global = AmqpAddress.has(capabilities, GLOBAL);
        String group;
        if (shared) {
            String name = subscriptionName(linkName);
            // Jakarta Messaging 3.1, 8.3: a shared subscription is named by its name and the client id, if set
            group = DestinationNames.sharedSubscriptionGroup(global || containerId == null ? name
                    : containerId + "." + name);
        } else if (durable) {
            group = DestinationNames.durableSubscriptionGroup(containerId, subscriptionName(linkName));
        } else {
            group = DestinationNames.nonDurableGroup(connectionId, linkKey);
        }
        // As JMS defines topic subscriptions: a new one receives what is published from now on.
        return new SubscriptionSpec(address.name(), group, memberId, filter, StartPosition.LAST, 0,
                ConsumeMode.CLUSTERING, durable, false);
    }

    /** The subscription name Qpid JMS encodes in a link name ({@code subName|...}). */
    public static String subscriptionName(String linkName) {
        int bar = linkName.indexOf('|');
        String name = bar < 0 ? linkName : linkName.substring(0, bar);
        if (name.isEmpty()) {
            throw new InvalidAddressException("link name '" + linkName + "' names no subscription");
        }
        return name;
    }
}
