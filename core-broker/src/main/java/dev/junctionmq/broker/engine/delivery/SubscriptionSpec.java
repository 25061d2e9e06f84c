package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.MessageFilter;

import java.util.Objects;

/**
 * What a front end asks for when it subscribes: a topic, the consumer group whose offsets and members it shares,
 * which messages (filter), where a new group starts, and how members share the topic.
 *
 * @param memberId  unique per subscriber within the group (a client id, a link name, ...)
 * @param durable   whether the group's offsets outlive its last member
 * @param orderly   deliver a queue's messages one at a time, in order, retrying failures in place
 */
public record SubscriptionSpec(String topic, String group, String memberId, MessageFilter filter,
                               StartPosition startPosition, long startTimestamp, ConsumeMode mode,
                               boolean durable, boolean orderly) {

    public SubscriptionSpec {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(memberId, "memberId");
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(startPosition, "startPosition");
        Objects.requireNonNull(mode, "mode");
        if (group.isBlank()) {
            throw new IllegalArgumentException("consumer group name must not be empty");
        }
    }

    /** A durable clustering subscription to every message, starting from the oldest for a new group. */
    public static SubscriptionSpec clustering(String topic, String group, String memberId) {
        return new SubscriptionSpec(topic, group, memberId, MessageFilter.ALL, StartPosition.FIRST, 0,
                ConsumeMode.CLUSTERING, true, false);
    }

    public SubscriptionSpec withFilter(MessageFilter newFilter) {
        return new SubscriptionSpec(topic, group, memberId, newFilter, startPosition, startTimestamp, mode, durable,
                orderly);
    }

    public SubscriptionSpec withStart(StartPosition position, long timestamp) {
        return new SubscriptionSpec(topic, group, memberId, filter, position, timestamp, mode, durable, orderly);
    }

    public SubscriptionSpec withMode(ConsumeMode newMode) {
        return new SubscriptionSpec(topic, group, memberId, filter, startPosition, startTimestamp, newMode, durable,
                orderly);
    }

    public SubscriptionSpec withDurable(boolean isDurable) {
        return new SubscriptionSpec(topic, group, memberId, filter, startPosition, startTimestamp, mode, isDurable,
                orderly);
    }

    public SubscriptionSpec withOrderly(boolean isOrderly) {
        return new SubscriptionSpec(topic, group, memberId, filter, startPosition, startTimestamp, mode, durable,
                isOrderly);
    }
}
