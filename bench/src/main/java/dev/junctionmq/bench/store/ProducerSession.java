package dev.junctionmq.bench.store;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageStore;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;

/**
 * A producer served the way the broker serves a client connection: it has one send in flight, and its
 * acknowledgement is handled on the thread the session belongs to (a network thread, in the broker), which then
 * makes the next send. Many sessions share one thread; none of them blocks it.
 */
final class ProducerSession extends Producer {

    private final Executor thread;
    private final CountDownLatch ended;

    /** @param thread runs this session's tasks one at a time; @param ended counted down once the session ends */
    ProducerSession(MessageStore store, String topic, int queueId, byte[] body, Timeline timeline, Executor thread,
                    CountDownLatch ended) {
        super(store, topic, queueId, body, timeline);
        this.thread = thread;
        this.ended = ended;
    }

    void start() {
        thread.execute(this::send);
    }

    private void send() {
        if (sendingOver()) {
            ended.countDown();
            return;
        }
        try {
            var message = nextMessage();
            long sent = System.nanoTime();
            store().append(message).whenComplete((result, error) ->
                    thread.execute(() -> onAcknowledgement(sent, result, error)));
        } catch (Throwable t) {
            end(t);
        }
    }

    private void onAcknowledgement(long sent, AppendResult result, Throwable error) {
        if (error != null) {
            end(error);
            return;
        }
        acknowledged(sent, result);
        send();
    }

    private void end(Throwable failure) {
        failed(failure);
        ended.countDown();
    }
}
