package dev.junctionmq.broker.engine.topic;

/** A send or subscription named a topic that does not exist, and automatic creation is off. */
public class TopicNotFoundException extends RuntimeException {

    public TopicNotFoundException(String topic) {
        super("topic '" + topic + "' does not exist and automatic topic creation is off");
    }
}
