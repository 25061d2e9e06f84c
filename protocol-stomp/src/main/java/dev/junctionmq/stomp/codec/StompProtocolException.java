package dev.junctionmq.stomp.codec;

/**
 * The client broke the protocol (a malformed frame, a limit exceeded, a missing header): the connection gets an
 * ERROR frame whose {@code message} header is this exception's message, and is closed.
 */
public class StompProtocolException extends RuntimeException {

    private final String details;

    public StompProtocolException(String message) {
        this(message, null);
    }

    /** @param details the ERROR frame's body, explaining more than the one-line message; null for none */
    public StompProtocolException(String message, String details) {
        super(message);
        this.details = details;
    }

    public String details() {
        return details;
    }
}
