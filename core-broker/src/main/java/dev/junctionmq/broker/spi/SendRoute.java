package dev.junctionmq.broker.spi;

import java.util.Collection;
import java.util.Map;

/**
 * Extra topics that a message sent to a topic is also indexed into, asked by the broker at send time. This is how a
 * front end that keeps its own subscription index (MQTT's topic trie) makes every send reach its subscriptions,
 * whichever protocol sent it, with the body written once: the record is appended to the commit log once and its
 * consume-queue entry is also written into queue 0 of each extra topic ("write once, index many").
 * <p>
 * Called on the sender's thread (often a Netty event loop) for every message: it must be fast and must not block.
 * Topics that do not exist are ignored, as is the topic the message is sent to.
 */
@FunctionalInterface
public interface SendRoute {

    /**
     * @param topic      the topic the message is sent to
     * @param properties the message's properties (read only)
     * @return topics to index the message into as well; empty for none
     */
    Collection<String> alsoDispatchTo(String topic, Map<String, String> properties);
}
