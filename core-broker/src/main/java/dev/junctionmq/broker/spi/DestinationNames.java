package dev.junctionmq.broker.spi;

/**
 * How every front end names the core's consumer groups, so that a JMS receiver, an AMQP link and a STOMP
 * subscription on the same destination compete for (or share) the same messages. Destination prefixes such as
 * {@code /queue/} or {@code queue://} are an edge concern: front ends strip them before calling these.
 */
public final class DestinationNames {

    private static final String QUEUE_PREFIX = "QUEUE%";
    private static final String SHARED_PREFIX = "SHARED%";

    private DestinationNames() {
    }

    /** Point-to-point queue {@code name}: all its receivers, whatever their protocol, form one group. */
    public static String queueGroup(String queue) {
        return QUEUE_PREFIX + queue;
    }

    /** Whether {@code group} is a point-to-point queue's (see {@link #queueGroup}). */
    public static boolean isQueueGroup(String group) {
        return group.startsWith(QUEUE_PREFIX);
    }

    /** Whether {@code group} is a shared subscription's (see {@link #sharedSubscriptionGroup}). */
    public static boolean isSharedSubscriptionGroup(String group) {
        return group.startsWith(SHARED_PREFIX);
    }

    /** A durable topic subscription ({@code clientId.subscriptionName}, as JMS defines it). */
    public static String durableSubscriptionGroup(String clientId, String subscriptionName) {
        return clientId + "." + subscriptionName;
    }

    /** A shared (JMS 2) subscription: every consumer using the name shares one group. */
    public static String sharedSubscriptionGroup(String subscriptionName) {
        return SHARED_PREFIX + subscriptionName;
    }

    /** A non-durable topic subscriber: a group of its own, gone with it. */
    public static String nonDurableGroup(String connectionId, String subscriptionId) {
        return "NONDURABLE%" + connectionId + "%" + subscriptionId;
    }
}
