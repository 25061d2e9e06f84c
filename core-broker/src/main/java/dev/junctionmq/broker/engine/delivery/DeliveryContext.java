package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.group.ConsumerOffsetTable;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.store.MessageStore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/** What queue cursors need from the rest of the engine. */
interface DeliveryContext {

    MessageStore store();

    ConsumerOffsetTable offsets();

    ScheduledExecutorService scheduler();

    DeliveryPolicy policy();

    /**
     * Keeps what a durable group's cursor knew when the group's last member left (acknowledgements beyond the
     * committed offset), for the group's next cursor on the same queue; in memory only.
     */
    void leaveBehind(String group, String topic, int queueId, QueueProgress progress);

    /** What {@link #leaveBehind} kept for a group's queue, or null. */
    QueueProgress leftBehind(String group, String topic, int queueId);

    void forgetLeftBehind(String group, String topic, int queueId);

    /**
     * Stores a copy of {@code message} in {@code targetTopic} (queue 0) with the given reconsume count, after
     * {@code delayMillis}: how failed messages reach {@code %RETRY%group} and {@code %DLQ%group}.
     */
    CompletableFuture<?> storeCopy(Message message, String targetTopic, int reconsumeTimes, long delayMillis);
}
