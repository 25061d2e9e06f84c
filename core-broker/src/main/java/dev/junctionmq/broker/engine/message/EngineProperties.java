package dev.junctionmq.broker.engine.message;

/** Property keys the engine itself reads and writes, beside RocketMQ's (see {@code MessageProperties}). */
public final class EngineProperties {

    /** Epoch milliseconds after which a message is dropped instead of delivered (time to live). */
    public static final String EXPIRES_AT = "EXPIRES_AT";
    /** On a retry or dead-letter copy: the store-side id of the message it copies. */
    public static final String ORIGIN_OFFSET_ID = "ORIGIN_MESSAGE_ID";
    /** On a retry copy: the queue id the original was read from. */
    public static final String ORIGIN_QUEUE_ID = "ORIGIN_QID";
    /**
     * The message's {@code JMSMessageID} as JMS consumers are shown it, recorded by a front end when it cannot be
     * told from {@code UNIQ_KEY}'s text (an AMQP uuid, ulong or binary message-id), or empty when JMS consumers are
     * shown none. Reserved ({@link SystemProperties}): never taken from or shown to a client.
     */
    public static final String JMS_MESSAGE_ID = SystemProperties.RESERVED_PREFIX + "JMS_MESSAGE_ID";

    private EngineProperties() {
    }
}
