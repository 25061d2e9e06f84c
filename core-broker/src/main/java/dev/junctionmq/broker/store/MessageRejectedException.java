package dev.junctionmq.broker.store;

/** The store will not take this message as it is (too large, too many properties, store closed, ...). */
public class MessageRejectedException extends RuntimeException {

    public MessageRejectedException(String message) {
        super(message);
    }
}
