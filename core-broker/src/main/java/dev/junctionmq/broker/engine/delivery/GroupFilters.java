package dev.junctionmq.broker.engine.delivery;

/** Whose filter (tag expression, selector) decides what a consumer group's members get. */
public enum GroupFilters {
    /**
     * The group's: the newest subscription's filter is every member's, and the group passes over what it does not
     * match (RocketMQ's consumer groups).
     */
    GROUP,
    /**
     * The group's, and a member with another filter is refused while the group has members (a shared subscription:
     * Jakarta Messaging 3.1, 8.3.2).
     */
    ONE,
    /**
     * Each member's own: a message goes to a member whose filter matches it, and one that no member matches stays
     * pending in the group until one does (a point-to-point queue's receivers, Jakarta Messaging 3.1, 4.4.1).
     */
    PER_MEMBER
}
