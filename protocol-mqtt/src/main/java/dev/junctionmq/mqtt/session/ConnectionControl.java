package dev.junctionmq.mqtt.session;

/** What the flows of a connection ({@link InboundFlow}, {@link OutboundFlow}, {@link SubscriptionFlow}) need of it. */
interface ConnectionControl {

    /** Closes the connection for a protocol violation (MQTT 5: after DISCONNECT with the reason code). */
    void protocolViolation(byte reasonCode, String reason);

    /** Closes the connection without a word (MQTT 3.1.1's only answer to some errors). */
    void close();

    boolean closing();
}
