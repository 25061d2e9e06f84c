package dev.junctionmq.broker.spi;

/** The broker will not take a message as it is (too large, store closed); the message says why. */
public class SendRejectedException extends RuntimeException {

    public SendRejectedException(String message) {
        super(message);
    }
}
