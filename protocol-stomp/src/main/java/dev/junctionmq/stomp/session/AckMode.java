package dev.junctionmq.stomp.session;

import dev.junctionmq.stomp.codec.StompProtocolException;

/** A subscription's {@code ack} header (STOMP 1.2 "SUBSCRIBE ack Header"). */
enum AckMode {
    /** The message counts as acknowledged once it is written to the connection. */
    AUTO("auto"),
    /** ACK is cumulative: it acknowledges the message and every earlier one of the subscription. */
    CLIENT("client"),
    /** ACK and NACK apply to one message. */
    CLIENT_INDIVIDUAL("client-individual");

    private final String header;

    AckMode(String header) {
        this.header = header;
    }

    static AckMode parse(String value) {
        if (value == null) {
            return AUTO;
        }
        for (AckMode mode : values()) {
            if (mode.header.equals(value)) {
                return mode;
            }
        }
        throw new StompProtocolException("invalid ack mode '" + value + "'",
                "The ack header of SUBSCRIBE is auto, client or client-individual.");
    }
}
