package dev.junctionmq.broker.engine.delivery;

/** How a group's members share a topic. */
public enum ConsumeMode {
    /** Each message goes to one member; the topic's queues are spread over the members. */
    CLUSTERING,
    /** Every member gets every message, with offsets of its own. */
    BROADCASTING
}
