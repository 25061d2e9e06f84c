package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.FilterSubject;
import dev.junctionmq.broker.engine.message.EngineProperties;
import dev.junctionmq.broker.engine.message.Message;

import java.util.List;

/**
 * A message as filters see it: its tag and its properties, typed. Properties a front end stored with a type
 * ({@link dev.junctionmq.broker.engine.message.PropertyTypes}) reach the selector as numbers and booleans (Jakarta
 * Messaging 3.1, 3.8.1.1: selectors compare by the property's type); all other properties as strings, so untyped
 * and older messages compare as they always did.
 *
 * <p>Header identifiers with a fixed type (Jakarta Messaging 3.1, 3.8.1.1: JMSDeliveryMode, JMSPriority,
 * JMSMessageID, JMSTimestamp, JMSCorrelationID, JMSType) are answered here with the value a JMS consumer is shown.
 * JMSDeliveryMode, JMSCorrelationID and JMSType are stored as string properties of those names by the front ends;
 * the others are derived from the message below.
 */
final class MessageFilterSubject implements FilterSubject {

    /** JMSPriority is an int (0 to 9) in a selector. */
    static final String JMS_PRIORITY = "JMSPriority";
    /** JMSMessageID is a String ({@code ID:...}), null when the message has none. */
    static final String JMS_MESSAGE_ID = "JMSMessageID";
    /** JMSTimestamp is a long: when the producer created the message, in epoch milliseconds. */
    static final String JMS_TIMESTAMP = "JMSTimestamp";
    /**
     * Jakarta Messaging 3.1, 3.4.10: a message sent without a priority has priority 4 (AMQP 1.0 part 3, 3.2.1: an
     * absent header priority is 4 too; Qpid JMS leaves it out for 4), and that is what consumers are shown.
     */
    private static final Integer DEFAULT_PRIORITY = 4;

    /** Jakarta Messaging 3.1, 3.4.3: every JMSMessageID starts with this prefix. */
    private static final String JMS_ID_PREFIX = "ID:";
    /**
     * JMS consumers read the broker over AMQP (Qpid JMS, AMQP JMS mapping), where a message-id is a string: one
     * without the {@code ID:} prefix is shown as {@code ID:AMQP_NO_PREFIX:<id>}, and one whose prefix is followed by
     * one of these type markers is escaped as {@code ID:AMQP_STRING:<id>}.
     */
    private static final String NO_PREFIX = "ID:AMQP_NO_PREFIX:";
    private static final String ESCAPED_STRING = "ID:AMQP_STRING:";
    private static final List<String> TYPE_MARKERS = List.of("AMQP_BINARY:", "AMQP_UUID:", "AMQP_ULONG:",
            "AMQP_STRING:", "AMQP_NO_PREFIX:");

    private final Message message;

    MessageFilterSubject(Message message) {
        this.message = message;
    }

    @Override
    public String tag() {
        return message.tag();
    }

    @Override
    public Object property(String name) {
        return switch (name) {
            case JMS_PRIORITY -> priority(message.typedProperty(name));
            case JMS_MESSAGE_ID -> jmsMessageId();
            case JMS_TIMESTAMP -> Long.valueOf(message.bornTimestamp());
            default -> message.typedProperty(name);
        };
    }

    /** A header with a fixed type, stored as text by the front ends that map it (AMQP header priority). */
    private static Object priority(Object value) {
        if (value == null) {
            return DEFAULT_PRIORITY;
        }
        if (value instanceof String text) {
            try {
                return Integer.valueOf(text.trim());
            } catch (NumberFormatException e) {
                return text;
            }
        }
        return value;
    }

    /**
     * What a JMS consumer's {@code getJMSMessageID()} returns: the id a front end recorded for JMS consumers (empty:
     * none), else the message's id ({@code UNIQ_KEY}, which Qpid JMS producers set to {@code ID:...}) as JMS
     * consumers are shown that string.
     */
    private String jmsMessageId() {
        String recorded = message.property(EngineProperties.JMS_MESSAGE_ID);
        if (recorded != null) {
            return recorded.isEmpty() ? null : recorded;
        }
        String id = message.messageId();
        if (!id.startsWith(JMS_ID_PREFIX)) {
            return NO_PREFIX + id;
        }
        for (String marker : TYPE_MARKERS) {
            if (id.startsWith(marker, JMS_ID_PREFIX.length())) {
                return ESCAPED_STRING + id;
            }
        }
        return id;
    }
}
