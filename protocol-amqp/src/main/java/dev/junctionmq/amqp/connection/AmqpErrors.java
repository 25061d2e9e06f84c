package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.InvalidAddressException;
import dev.junctionmq.amqp.message.MalformedMessageException;
import dev.junctionmq.broker.engine.filter.InvalidSelectorException;
import dev.junctionmq.broker.engine.filter.SelectorConflictException;
import dev.junctionmq.broker.security.AuthorizationException;
import dev.junctionmq.broker.spi.SendRejectedException;
import org.apache.qpid.proton.amqp.transport.AmqpError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.LinkError;

import java.util.concurrent.CompletionException;

/**
 * The one place where broker failures become AMQP error conditions (AMQP 1.0 part 2, 2.8.15-2.8.18), each with a
 * description a person can act on.
 */
final class AmqpErrors {

    private AmqpErrors() {
    }

    static ErrorCondition of(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        String description = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (cause instanceof AuthorizationException) {
            return new ErrorCondition(AmqpError.UNAUTHORIZED_ACCESS, description);
        }
        if (cause instanceof SendRejectedException) {
            return new ErrorCondition(LinkError.MESSAGE_SIZE_EXCEEDED, description);
        }
        if (cause instanceof MalformedMessageException) {
            return new ErrorCondition(AmqpError.DECODE_ERROR, description);
        }
        if (cause instanceof InvalidSelectorException) {
            return new ErrorCondition(AmqpError.INVALID_FIELD, "invalid JMS selector: " + description);
        }
        if (cause instanceof SelectorConflictException) {
            // another client holds the queue (or shared subscription) with another selector
            return new ErrorCondition(AmqpError.RESOURCE_LOCKED, description);
        }
        if (cause instanceof InvalidAddressException) {
            return new ErrorCondition(AmqpError.INVALID_FIELD, description);
        }
        if (cause instanceof SubscriptionLookupLink.SubscriptionNotFoundException notFound) {
            return notFound.condition();
        }
        if (isTopicNotFound(cause)) {
            return new ErrorCondition(AmqpError.NOT_FOUND, description);
        }
        return new ErrorCondition(AmqpError.INTERNAL_ERROR, description);
    }

    /**
     * The engine's TopicNotFoundException lives outside the front-end SPI (FrontEndBoundaryIT), so it is recognised
     * by name: a send or subscribe to an unknown topic while broker.autoCreateTopics is off.
     */
    private static boolean isTopicNotFound(Throwable cause) {
        return cause.getClass().getSimpleName().equals("TopicNotFoundException");
    }
}
