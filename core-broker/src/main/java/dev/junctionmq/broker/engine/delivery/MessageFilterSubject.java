package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.FilterSubject;
import dev.junctionmq.broker.engine.message.Message;

/**
 * A message as filters see it: its tag and its properties, typed. Properties a front end stored with a type
 * ({@link dev.junctionmq.broker.engine.message.PropertyTypes}) reach the selector as numbers and booleans (Jakarta
 * Messaging 3.1, 3.8.1.1: selectors compare by the property's type); all other properties as strings, so untyped
 * and older messages compare as they always did.
 */
final class MessageFilterSubject implements FilterSubject {

    /** Jakarta Messaging 3.1, 3.8.1.1: the header identifier JMSPriority is an int (0 to 9) in a selector. */
    static final String JMS_PRIORITY = "JMSPriority";
    /**
     * Jakarta Messaging 3.1, 3.4.10: a message sent without a priority has priority 4 (AMQP 1.0 part 3, 3.2.1: an
     * absent header priority is 4 too; Qpid JMS leaves it out for 4), and that is what consumers are shown.
     */
    private static final Integer DEFAULT_PRIORITY = 4;

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
        Object value = message.typedProperty(name);
        if (JMS_PRIORITY.equals(name)) {
            return priority(value);
        }
        return value;
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
}
