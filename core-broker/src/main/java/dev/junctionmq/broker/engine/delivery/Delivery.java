package dev.junctionmq.broker.engine.delivery;

import dev.junctionmq.broker.engine.message.Message;

/** One message handed to one subscriber, to be acknowledged, rejected or released through that subscriber. */
public final class Delivery {

    private final Message message;
    private final int deliveryCount;
    private final boolean redelivered;
    final QueueCursor cursor;
    final long queueOffset;

    Delivery(Message message, int deliveryCount, boolean redelivered, QueueCursor cursor, long queueOffset) {
        this.message = message;
        this.deliveryCount = deliveryCount;
        this.redelivered = redelivered;
        this.cursor = cursor;
        this.queueOffset = queueOffset;
    }

    public Message message() {
        return message;
    }

    /** 1 on the first delivery; counts failed attempts and earlier retries (AMQP delivery-count + 1, JMSXDeliveryCount). */
    public int deliveryCount() {
        return deliveryCount;
    }

    /** Whether the message may have been delivered before (JMSRedelivered). */
    public boolean redelivered() {
        return redelivered;
    }

    @Override
    public String toString() {
        return "Delivery[" + message.topic() + ":" + message.queueId() + "@" + message.queueOffset() + " #"
                + deliveryCount + "]";
    }
}
