package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.QueuedMessage;
import dev.junctionmq.broker.store.ReadResult;
import dev.junctionmq.broker.store.record.MessageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Reads the messages a consumer group has still to consume in one queue, without consuming them (a queue browser,
 * Jakarta Messaging 3.1, 4.1.7 / QueueBrowser): from the group's committed offset, skipping what it has already
 * acknowledged beyond it; delivered but unacknowledged messages are shown, as ActiveMQ Artemis and ActiveMQ Classic
 * show them. Runs on the caller's thread (store reads: never call it on an event loop).
 */
final class GroupBrowser {

    private static final Logger log = LoggerFactory.getLogger(GroupBrowser.class);
    private static final int READ_BATCH = 64;
    private static final int READ_BYTES = 4 * 1024 * 1024;

    private final MessageStore store;

    GroupBrowser(MessageStore store) {
        this.store = store;
    }

    /**
     * Adds to {@code found}, oldest first, the messages of one queue the view counts as pending that pass the
     * filter and have not expired, until {@code found} holds {@code max}. Reads up to the queue's end at the call.
     *
     * @param retryQueue whether the queue is a group's retry queue (its messages show their original topic)
     */
    void read(String topic, int queueId, boolean retryQueue, QueueProgress view, MessageFilter filter, int max,
              List<Message> found) {
        long offset = Math.max(view.committed(), store.minOffset(topic, queueId));
        long end = store.maxOffset(topic, queueId);
        while (found.size() < max && offset < end) {
            try (ReadResult read = store.read(topic, queueId, offset, READ_BATCH, READ_BYTES,
                    filter.tagHashPrefilter())) {
                if (read.messages().isEmpty()) {
                    if (read.nextOffset() > offset && (read.status() == ReadResult.Status.NO_MATCHED_MESSAGE
                            || read.status() == ReadResult.Status.OFFSET_TOO_SMALL)) {
                        offset = read.nextOffset();
                        continue;
                    }
                    return;
                }
                for (QueuedMessage queued : read.messages()) {
                    if (found.size() >= max) {
                        return;
                    }
                    if (!view.pending(queued.queueOffset())) {
                        continue; // acknowledged by the group already
                    }
                    Message message = toMessage(queued, topic, retryQueue);
                    if (message != null && !expired(message) && filter.matches(new MessageFilterSubject(message))) {
                        found.add(message);
                    }
                }
                offset = read.nextOffset();
            }
        }
    }

    private static Message toMessage(QueuedMessage queued, String topic, boolean retryQueue) {
        try {
            String shown = topic;
            if (retryQueue) {
                String original = queued.record().property(MessageProperties.RETRY_TOPIC);
                shown = original != null ? original : topic;
            }
            return Message.from(queued.record(), shown, queued.queueOffset());
        } catch (RuntimeException e) {
            log.debug("browsing {}: message at offset {} cannot be read and is not shown: {}", topic,
                    queued.queueOffset(), e.getMessage());
            return null;
        }
    }

    private static boolean expired(Message message) {
        long expiresAt = message.expiresAt();
        return expiresAt > 0 && System.currentTimeMillis() > expiresAt;
    }
}
