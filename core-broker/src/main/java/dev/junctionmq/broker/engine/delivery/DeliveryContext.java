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
     * Stores a copy of {@code message} in {@code targetTopic} (queue 0) with the given reconsume count, after
     * {@code delayMillis}: how failed messages reach {@code %RETRY%group} and {@code %DLQ%group}.
     */
    CompletableFuture<?> storeCopy(Message message, String targetTopic, int reconsumeTimes, long delayMillis);
}
