package dev.junctionmq.amqp.connection;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.spi.BrokerSession.LocalTransaction;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One declared AMQP transaction (AMQP 1.0 part 4, 4.4) on a session local transaction: transactional transfers
 * are stored at commit, transactional acceptances take effect at commit; any other transactional outcome (release,
 * reject, modify) is applied when the transaction ends, whichever way, as it is not an acknowledgement.
 */
final class AmqpTransaction {

    private final LocalTransaction local;
    private final List<Runnable> atEnd = new ArrayList<>();

    AmqpTransaction(LocalTransaction local) {
        this.local = local;
    }

    void send(OutgoingMessage message) {
        local.send(message);
    }

    void accept(Subscriber subscriber, Delivery delivery) {
        local.acknowledge(subscriber, delivery);
    }

    void atEnd(Runnable outcome) {
        atEnd.add(outcome);
    }

    CompletableFuture<Void> commit() {
        return local.commit().whenComplete((done, failure) -> atEnd.forEach(Runnable::run));
    }

    void rollback() {
        local.rollback();
        atEnd.forEach(Runnable::run);
    }
}
