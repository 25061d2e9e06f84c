package dev.junctionmq.amqp.address;

/** A link's address or subscription cannot be used; the attach is refused with amqp:invalid-field. */
public class InvalidAddressException extends RuntimeException {

    public InvalidAddressException(String message) {
        super(message);
    }
}
