package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.filter.FilterSubject;
import dev.junctionmq.broker.engine.message.Message;

/**
 * A message as filters see it: its tag and its properties. Stored properties are strings, so selectors compare
 * them as strings; typed properties arrive with the protocol mappings that carry types (JMS, AMQP).
 */
final class MessageFilterSubject implements FilterSubject {

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
        return message.property(name);
    }
}
