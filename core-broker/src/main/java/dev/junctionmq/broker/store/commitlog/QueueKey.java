package dev.junctionmq.broker.store.commitlog;

/** One queue of one topic. */
public record QueueKey(String topic, int queueId) {
}
