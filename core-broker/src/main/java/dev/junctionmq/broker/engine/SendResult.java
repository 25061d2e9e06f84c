package dev.junctionmq.broker.engine;

/**
 * Where a sent message went.
 *
 * @param messageId       the producer-side id ({@code UNIQ_KEY}), which every protocol shows
 * @param offsetMessageId the store-side id, or null while a delayed message waits for its time
 */
public record SendResult(String messageId, String offsetMessageId, String topic, int queueId, long queueOffset) {
}
