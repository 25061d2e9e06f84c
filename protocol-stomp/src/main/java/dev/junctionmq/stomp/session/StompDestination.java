package dev.junctionmq.stomp.session;

import dev.junctionmq.broker.spi.DestinationNames;
import dev.junctionmq.stomp.codec.StompProtocolException;

/**
 * A STOMP destination: {@code /queue/<name>} (point to point) or {@code /topic/<name>} (publish/subscribe). The
 * core topic is the name after the prefix; prefixes are an edge concern and never stored.
 */
record StompDestination(Kind kind, String name) {

    enum Kind { QUEUE, TOPIC }

    static final String QUEUE_PREFIX = "/queue/";
    static final String TOPIC_PREFIX = "/topic/";

    static StompDestination parse(String destination) {
        if (destination.startsWith(QUEUE_PREFIX) && destination.length() > QUEUE_PREFIX.length()) {
            return new StompDestination(Kind.QUEUE, destination.substring(QUEUE_PREFIX.length()));
        }
        if (destination.startsWith(TOPIC_PREFIX) && destination.length() > TOPIC_PREFIX.length()) {
            return new StompDestination(Kind.TOPIC, destination.substring(TOPIC_PREFIX.length()));
        }
        throw new StompProtocolException("unsupported destination '" + destination + "'",
                "Destinations are /queue/<name> (point to point) or /topic/<name> (publish/subscribe).");
    }

    /** The consumer group of a queue receiver: all receivers of the queue, in any protocol, share it. */
    String queueGroup() {
        return DestinationNames.queueGroup(name);
    }

    @Override
    public String toString() {
        return (kind == Kind.QUEUE ? QUEUE_PREFIX : TOPIC_PREFIX) + name;
    }
}
