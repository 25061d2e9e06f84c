package dev.junctionmq.broker.store;

/**
 * Told when a queue has new entries, so that waiting consumers wake without polling. Runs on the dispatcher
 * thread: implementations must return quickly and never block.
 */
@FunctionalInterface
public interface DispatchListener {

    /**
     * @param nextOffset the queue's new maximum offset (one past the newest entry)
     * @param tagHash    the new entry's tag hash
     */
    void onDispatched(String topic, int queueId, long nextOffset, long tagHash);
}
