package dev.junctionmq.mqtt.retain;

import java.util.ArrayDeque;
import java.util.List;

/**
 * The retained messages the new subscriptions of one connection are still to get [MQTT-3.3.1-6], subscription by
 * subscription: their topic names only, each message read when its turn to be sent comes, so a {@code #}
 * subscription on a store with many retained topics holds names, not bodies; a message cleared or expired since is
 * skipped. Used on the connection's event loop.
 *
 * @param <S> the subscription a message is for
 */
public final class RetainedBacklog<S> {

    /** A retained message to send now, and the subscription it is for. */
    public record Next<S>(S subscription, RetainedMessage message) {
    }

    private static final class Entry<S> {
        final S subscription;
        final List<String> topics;
        int next;

        Entry(S subscription, List<String> topics) {
            this.subscription = subscription;
            this.topics = topics;
        }
    }

    private final RetainedMessages messages;
    private final ArrayDeque<Entry<S>> entries = new ArrayDeque<>();

    public RetainedBacklog(RetainedMessages messages) {
        this.messages = messages;
    }

    /** Queues the retained topics matching a new subscription. */
    public void add(S subscription, List<String> topics) {
        if (!topics.isEmpty()) {
            entries.add(new Entry<>(subscription, topics));
        }
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The next retained message to send, read now; null when none is left. */
    public Next<S> poll() {
        while (!entries.isEmpty()) {
            Entry<S> entry = entries.peek();
            String topic = entry.topics.get(entry.next++);
            if (entry.next == entry.topics.size()) {
                entries.poll();
            }
            RetainedMessage message = messages.current(topic); // cleared or expired since: not sent
            if (message != null) {
                return new Next<>(entry.subscription, message);
            }
        }
        return null;
    }

    /** The connection closes: nothing more is sent. */
    public void clear() {
        entries.clear();
    }
}
