package dev.junctionmq.broker.engine.filter;

/**
 * A consumer asked to join a group whose active members read through another filter, where the group allows only
 * one: the receivers of a point-to-point queue, and the consumers of a shared subscription (Jakarta Messaging 3.1,
 * 8.3.2: a shared subscription's active consumers all have its selector). The engine filters per group, not per
 * member, so letting the newcomer in would change what every member gets.
 */
public final class SelectorConflictException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SelectorConflictException(String group, String topic, MessageFilter active, MessageFilter requested) {
        super("'" + topic + "' (group " + group + ") has active consumers with filter [" + active
                + "]; a consumer with another filter [" + requested + "] cannot join until they have left");
    }
}
