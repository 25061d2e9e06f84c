package dev.junctionmq.stomp.session;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.spi.BrokerSession.LocalTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A STOMP transaction (BEGIN … COMMIT / ABORT) on a session's local transaction. SENDs and ACKs go into the local
 * transaction; a NACK inside a transaction is a failed attempt either way, so it is applied when the transaction
 * ends, whichever way it ends.
 */
final class StompTransaction {

    private final LocalTransaction local;
    private final List<Runnable> nacks = new ArrayList<>();

    StompTransaction(LocalTransaction local) {
        this.local = local;
    }

    void send(OutgoingMessage message) {
        local.send(message);
    }

    void acknowledge(Subscriber subscriber, Delivery delivery, boolean ack) {
        if (ack) {
            local.acknowledge(subscriber, delivery);
        } else {
            nacks.add(() -> subscriber.reject(delivery));
        }
    }

    CompletableFuture<Void> commit() {
        return local.commit().whenComplete((done, failure) -> nacks.forEach(Runnable::run));
    }

    /** Discards the sends; acknowledged deliveries come back (as failed attempts). */
    void abort() {
        local.rollback();
        nacks.forEach(Runnable::run);
    }
}
