package dev.junctionmq.bench.store;

import dev.junctionmq.broker.store.MessageStore;

/**
 * A producer with a thread of its own that blocks on each send ({@code append(...).join()}), like a RocketMQ
 * producer doing synchronous sends in the same process as the store.
 */
final class ProducerLoop extends Producer implements Runnable {

    ProducerLoop(MessageStore store, String topic, int queueId, byte[] body, Timeline timeline) {
        super(store, topic, queueId, body, timeline);
    }

    @Override
    public void run() {
        try {
            while (!sendingOver()) {
                var message = nextMessage();
                long sent = System.nanoTime();
                acknowledged(sent, store().append(message).join());
            }
        } catch (Throwable t) {
            failed(t);
        }
    }
}
