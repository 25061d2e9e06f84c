package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.AmqpAddress;
import dev.junctionmq.amqp.address.SubscriptionTarget;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.DestinationNames;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.apache.qpid.proton.amqp.messaging.TerminusExpiryPolicy;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;

/**
 * A receiving link attached without a source: a client looking up an existing durable subscription by its link
 * name (Qpid JMS does this for {@code Session.unsubscribe}). The answer carries the subscription's source; closing
 * the link (detach with closed=true) deletes the subscription (AMQP 1.0 part 2, 2.6.3: closing a link destroys its
 * terminus). No messages flow on it.
 */
final class SubscriptionLookupLink implements AmqpLink {

    private static final Logger log = LoggerFactory.getLogger(SubscriptionLookupLink.class);

    private final AmqpConnection connection;
    private final String group;

    private SubscriptionLookupLink(AmqpConnection connection, String group) {
        this.connection = connection;
        this.group = group;
    }

    /** Answers the attach; returns null (after refusing it with amqp:not-found) if there is no such subscription. */
    static SubscriptionLookupLink attach(AmqpConnection connection, Sender sender) {
        BrokerSession session = connection.session();
        for (String candidate : candidateGroups(sender.getName(), connection.containerId())) {
            Optional<String> topic = session.durableSubscriptionTopic(candidate);
            if (topic.isPresent()) {
                Source source = new Source();
                source.setAddress(topic.get());
                source.setDurable(TerminusDurability.UNSETTLED_STATE);
                source.setExpiryPolicy(TerminusExpiryPolicy.NEVER);
                source.setCapabilities(candidate.startsWith(DestinationNames.sharedSubscriptionGroup(""))
                        ? new Symbol[] {AmqpAddress.TOPIC, SubscriptionTarget.SHARED} : new Symbol[] {AmqpAddress.TOPIC});
                sender.setSource(source);
                sender.setTarget(sender.getRemoteTarget());
                sender.open();
                return new SubscriptionLookupLink(connection, candidate);
            }
        }
        throw new SubscriptionNotFoundException("no durable subscription '"
                + SubscriptionTarget.subscriptionName(sender.getName()) + "' for client id '"
                + connection.containerId() + "'");
    }

    /** The groups a link name may denote, in the order Qpid JMS names its subscription links. */
    private static List<String> candidateGroups(String linkName, String containerId) {
        String name = SubscriptionTarget.subscriptionName(linkName);
        boolean global = linkName.contains("|global");
        if (global || containerId == null) {
            return List.of(DestinationNames.sharedSubscriptionGroup(name));
        }
        return List.of(DestinationNames.durableSubscriptionGroup(containerId, name),
                DestinationNames.sharedSubscriptionGroup(containerId + "." + name));
    }

    @Override
    public void onDelivery(Delivery delivery) {
        // nothing is sent on a lookup link
    }

    @Override
    public void onDetach(boolean closed) {
        if (!closed) {
            return;
        }
        try {
            connection.session().deleteDurableSubscription(group);
            log.info("AMQP connection {}: durable subscription {} deleted", connection.connectionId, group);
        } catch (IllegalStateException e) {
            log.info("AMQP connection {}: durable subscription {} not deleted: {}", connection.connectionId, group,
                    e.getMessage());
            throw new SubscriptionInUseException(e.getMessage());
        }
    }

    /** An unknown subscription: refused with amqp:not-found. */
    static final class SubscriptionNotFoundException extends RuntimeException {
        SubscriptionNotFoundException(String message) {
            super(message);
        }

        ErrorCondition condition() {
            return new ErrorCondition(AmqpError.NOT_FOUND, getMessage());
        }
    }

    /** Unsubscribe while consumers are active: the close is answered with amqp:resource-locked. */
    static final class SubscriptionInUseException extends RuntimeException {
        SubscriptionInUseException(String message) {
            super(message);
        }
    }
}
