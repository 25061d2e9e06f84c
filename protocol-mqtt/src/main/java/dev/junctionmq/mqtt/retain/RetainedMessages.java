package dev.junctionmq.mqtt.retain;

import dev.junctionmq.mqtt.state.KeyValueJournal;
import dev.junctionmq.mqtt.subscription.TopicNames;

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
    private final KeyValueJournal journal;

    public RetainedMessages(Path directory) {
        this.journal = KeyValueJournal.open(directory.resolve("retained.journal"));
        long now = System.currentTimeMillis();
        journal.loaded().forEach((topic, value) -> {
            RetainedMessage message = RetainedMessage.decode(value);
            if (!message.expired(now)) {
                byTopic.put(topic, message);
            }
        });
    }

    /** Replaces (or, with an empty body, removes) the topic's retained message; completes once on disk. */
    public CompletableFuture<Void> retain(RetainedMessage message) {
        if (message.body().length == 0) {
            if (byTopic.remove(message.topic()) == null) {
                return CompletableFuture.completedFuture(null);
            }
            return journal.remove(message.topic());
        }
        byTopic.put(message.topic(), message);
        return journal.put(message.topic(), message.encode());
    }

    /** The unexpired retained messages whose topic matches {@code filter}. */
    public List<RetainedMessage> matching(String filter) {
        long now = System.currentTimeMillis();
        List<RetainedMessage> found = new ArrayList<>();
        boolean wildcard = filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
        if (!wildcard) {
            RetainedMessage message = byTopic.get(filter);
            if (message != null && !message.expired(now)) {
                found.add(message);
            }
            return found;
        }
        for (RetainedMessage message : byTopic.values()) {
            if (!message.expired(now) && TopicNames.matches(filter, message.topic())) {
                found.add(message);
            }
        }
        return found;
    }

    public int size() {
        return byTopic.size();
    }

    @Override
    public void close() {
        journal.close();
    }
}
