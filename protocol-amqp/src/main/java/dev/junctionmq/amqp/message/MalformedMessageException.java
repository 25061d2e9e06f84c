package dev.junctionmq.amqp.message;

/** A transfer's payload is not a valid AMQP message; the delivery is rejected with amqp:decode-error. */
public class MalformedMessageException extends RuntimeException {

    public MalformedMessageException(String message) {
        super(message);
    }

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
