package dev.junctionmq.amqp.message;

import java.util.Set;

/**
 * Names of the message properties the AMQP front end stores (docs/protocol-mapping.md, "AMQP 1.0"). A message that
 * arrived over AMQP keeps its exact section bytes in two properties, so it leaves over AMQP byte-identical while its
 * body holds the application payload every other protocol reads.
 */
public final class StoredAmqp {

    /**
     * How the body's AMQP section bytes are rebuilt: {@code <kind>:<base64 of the section bytes before the
     * payload>}, where kind is {@code data} (one data section; body = its binary), {@code string} (an amqp-value
     * string; body = its UTF-8 bytes), {@code empty} (an amqp-value null; body empty) or {@code sections} (any other
     * body: the body is the encoded body sections themselves).
     */
    public static final String BODY = "JMQ_AMQP_BODY";
    /** Base64 of the producer's message-annotations, properties and application-properties sections, as sent. */
    public static final String SECTIONS = "JMQ_AMQP_SECTIONS";

    /** The connection a message was sent on (a JMS no-local subscriber skips its own connection's messages). */
    public static final String ORIGIN = "JMQ_ORIGIN";

    /** Header and properties fields every protocol can read, named like the JMS headers they carry. */
    public static final String CORRELATION_ID = "JMSCorrelationID";
    public static final String TYPE = "JMSType";
    public static final String REPLY_TO = "JMSReplyTo";
    public static final String PRIORITY = "JMSPriority";
    public static final String DELIVERY_MODE = "JMSDeliveryMode";
    public static final String CONTENT_TYPE = "content-type";

    /** Properties that map to AMQP header or properties fields rather than to application-properties. */
    public static final Set<String> MAPPED_PROPERTIES = Set.of(CORRELATION_ID, TYPE, REPLY_TO, PRIORITY,
            DELIVERY_MODE, CONTENT_TYPE);

    private StoredAmqp() {
    }
}
