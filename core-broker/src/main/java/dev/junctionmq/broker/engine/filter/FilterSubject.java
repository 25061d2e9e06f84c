package dev.junctionmq.broker.engine.filter;

/**
 * What a filter sees of one message.
 *
 * <p>The engine implements this over its message representation. Header identifiers of Jakarta Messaging
 * ({@code JMSPriority}, {@code JMSMessageID}, {@code JMSTimestamp}, {@code JMSCorrelationID}, {@code JMSType},
 * {@code JMSDeliveryMode}) reach the filter as ordinary {@link #property(String)} look-ups: the implementation
 * maps them to the message's header values.
 */
public interface FilterSubject {

    /**
     * The message's tag, or {@code null} if it has none.
     */
    String tag();

    /**
     * The value of a property (or header identifier), already typed.
     *
     * @param name the identifier as written in the selector; case-sensitive
     * @return a {@link String}, {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer}, {@link Long},
     *         {@link Float} or {@link Double}; {@code null} if the message has no such property. Other types
     *         are outside the contract (selectors cannot compare them reliably).
     */
    Object property(String name);
}
