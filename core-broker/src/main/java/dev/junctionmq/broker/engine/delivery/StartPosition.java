package dev.junctionmq.broker.engine.delivery;

/** Where a group starts reading a queue for which it has no committed offset yet. */
public enum StartPosition {
    /** The oldest message still stored. */
    FIRST,
    /** Only messages stored from now on. */
    LAST,
    /** The first message stored at or after {@link SubscriptionSpec#startTimestamp()}. */
    TIMESTAMP
}
