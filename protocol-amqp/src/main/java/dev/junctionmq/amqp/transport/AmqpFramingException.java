package dev.junctionmq.amqp.transport;

/** The byte stream broke AMQP framing (a bad protocol header, a frame size out of bounds). */
public class AmqpFramingException extends RuntimeException {

    private final boolean badHeader;

    public AmqpFramingException(String message, boolean badHeader) {
        super(message);
        this.badHeader = badHeader;
    }

    /** Whether it was the protocol header (answered with the header we support, AMQP 1.0 part 2, 2.2). */
    public boolean badHeader() {
        return badHeader;
    }
}
