package dev.junctionmq.broker.spi;

import dev.junctionmq.broker.engine.SendResult;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.DeliveryListener;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.BrokerPrincipal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One client's view of the broker, opened for an authenticated principal. Every operation is authorized for that
 * principal. Closing the session closes its subscribers and deletes its temporary topics.
 */
public interface BrokerSession extends AutoCloseable {

    BrokerPrincipal principal();

    String clientId();

    /**
     * Sends a message; the future completes once it is stored (see the flush mode).
     *
     * @throws dev.junctionmq.broker.security.AuthorizationException if the principal may not send there
     * @throws SendRejectedException                                 if the body exceeds the broker's limit
     */
    CompletableFuture<SendResult> send(OutgoingMessage message);

    /** Joins a consumer group on a topic; messages arrive at {@code listener} against credit. */
    Subscriber subscribe(SubscriptionSpec spec, DeliveryListener listener);

    /** Up to {@code max} stored messages of a topic, oldest first per queue, without consuming them. */
    default List<Message> browse(String topic, int max) {
        return browse(topic, null, MessageFilter.ALL, max);
    }

    /**
     * A queue browser: up to {@code max} messages that consumer group {@code group} has still to consume on a topic,
     * oldest first per queue (then the group's retry queue), that pass {@code filter}, without consuming them. The
     * browse starts at the group's committed offset and skips messages the group has acknowledged beyond it;
     * delivered but unacknowledged messages are shown (they come back if not acknowledged). A group that does not
     * exist yet shows every stored message. Reads the store on the calling thread: never call it on an event loop.
     *
     * @param group  the consumer group (e.g. {@link DestinationNames#queueGroup}), or null for every stored message
     * @param filter applied to the messages as to a subscription's: selectors see typed properties
     */
    List<Message> browse(String topic, String group, MessageFilter filter, int max);

    /**
     * {@link #browse(String, String, MessageFilter, int)} without blocking the caller: the store is read on the
     * engine's browse threads. Authorization is checked at once (thrown, not in the future); the future fails if
     * the broker has too many browses waiting.
     */
    CompletableFuture<List<Message>> browseAsync(String topic, String group, MessageFilter filter, int max);

    /** Creates a topic that exists until this session closes; returns its name. */
    String createTemporaryTopic();

    /**
     * The topic a durable subscription reads: a consumer group with stored offsets, looked up by its group name
     * (see {@link DestinationNames}). Lets a protocol find a subscription by name alone, as AMQP clients do before
     * they delete one (Qpid JMS {@code Session.unsubscribe}). Empty if the broker keeps no such group.
     */
    Optional<String> durableSubscriptionTopic(String group);

    /**
     * Deletes a durable subscription (JMS {@code unsubscribe}): its consumer group's offsets, and with them every
     * message kept for it only. Needs consume permission on its topic.
     *
     * @return false if there was no such subscription
     * @throws IllegalStateException if the subscription still has active subscribers
     */
    boolean deleteDurableSubscription(String group);

    /** Starts a local transaction grouping sends and acknowledgements of this session. */
    LocalTransaction beginTransaction();

    @Override
    void close();

    /**
     * Sends and acknowledgements that take effect together on {@link #commit()} or not at all on
     * {@link #rollback()}. Rolled-back deliveries come back, counted as a failed attempt (JMS semantics).
     */
    interface LocalTransaction {

        void send(OutgoingMessage message);

        void acknowledge(Subscriber subscriber, Delivery delivery);

        CompletableFuture<Void> commit();

        void rollback();
    }
}
