package dev.junctionmq.mqtt.retain;

import dev.junctionmq.mqtt.state.KeyValueJournal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Retained messages, one per topic, kept in memory and in a journal ({@code retained.journal} in the MQTT state
 * directory) so they survive a restart. MQTT 3.1.1 §3.3.1.3: a retained PUBLISH replaces the topic's retained
 * message; one with an empty payload removes it [MQTT-3.3.1-10, -11].
 */
public final class RetainedMessages implements AutoCloseable {

    private final Map<String, RetainedMessage> byTopic = new ConcurrentHashMap<>();
    private final RetainedTopics topics = new RetainedTopics();
    private final KeyValueJournal journal;

    public RetainedMessages(Path directory) {
        this.journal = KeyValueJournal.open(directory.resolve("retained.journal"));
        long now = System.currentTimeMillis();
        journal.loaded().forEach((topic, value) -> {
            RetainedMessage message = RetainedMessage.decode(value);
            if (!message.expired(now)) {
                byTopic.put(topic, message);
                topics.add(topic);
            }
        });
    }

    /**
     * Replaces (or, with an empty body, removes) the topic's retained message; completes once on disk. Synchronized:
     * the map and the topic tree change together.
     */
    public synchronized CompletableFuture<Void> retain(RetainedMessage message) {
        if (message.body().length == 0) {
            if (byTopic.remove(message.topic()) == null) {
                return CompletableFuture.completedFuture(null);
            }
            topics.remove(message.topic());
            return journal.remove(message.topic());
        }
        if (byTopic.put(message.topic(), message) == null) {
            topics.add(message.topic());
        }
        return journal.put(message.topic(), message.encode());
    }

    /**
     * The topic names with a retained message that {@code filter} matches, found in the topic tree (a walk of the
     * branches the filter can match, not a scan of every retained topic). Names only: the messages are read with
     * {@link #current} when they are sent, so a subscriber's backlog holds no message bodies.
     */
    public List<String> matchingTopics(String filter) {
        List<String> found = new ArrayList<>();
        boolean wildcard = filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
        if (!wildcard) {
            if (byTopic.containsKey(filter)) {
                found.add(filter);
            }
            return found;
        }
        topics.collect(filter, found);
        return found;
    }

    /** The topic's retained message now, or null if there is none or it has expired (MQTT 5 message expiry). */
    public RetainedMessage current(String topic) {
        RetainedMessage message = byTopic.get(topic);
        return message == null || message.expired(System.currentTimeMillis()) ? null : message;
    }

    public int size() {
        return byTopic.size();
    }

    @Override
    public void close() {
        journal.close();
    }
}
