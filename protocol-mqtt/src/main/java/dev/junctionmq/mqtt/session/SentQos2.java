package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.mqtt.state.Codec;

/**
 * An outbound QoS 2 message of a persistent session, saved in {@code sessions.journal} before its PUBLISH is
 * written to the socket, so that a broker crash cannot break exactly-once (MQTT 3.1.1 §4.3.3, MQTT 5.0 §4.3.3):
 * a message sent and not yet answered with PUBREC comes again after a crash with the same packet id and DUP
 * [MQTT-4.4.0-1]; a message the client has answered is not sent again, even when its consumer group's offset
 * (saved by the engine every few seconds) went back with the crash and the group delivers it once more.
 *
 * @param subscription the subscription it was sent for ({@link Subscribed#subscribed()})
 * @param queue        the core topic and queue it was read from ({@code topic:queueId})
 * @param offset       its offset in that queue
 * @param packetId     the packet id it was sent with
 * @param receivedAt   epoch ms of the client's PUBREC, 0 while it is still to come
 */
record SentQos2(String subscription, String queue, long offset, int packetId, long receivedAt) {

    static SentQos2 sent(Subscribed subscribed, Message message, int packetId) {
        return new SentQos2(subscribed.subscribed(), message.topic() + ':' + message.queueId(),
                message.queueOffset(), packetId, 0);
    }

    boolean received() {
        return receivedAt > 0;
    }

    SentQos2 receivedAt(long now) {
        return new SentQos2(subscription, queue, offset, packetId, now);
    }

    /** Which message of which subscription it is: the same on every redelivery and after a restart. */
    String messageKey() {
        return messageKey(subscription, queue, offset);
    }

    static String messageKey(Subscribed subscribed, Message message) {
        return messageKey(subscribed.subscribed(), message.topic() + ':' + message.queueId(), message.queueOffset());
    }

    private static String messageKey(String subscription, String queue, long offset) {
        return subscription + '\u0000' + queue + ':' + offset;
    }

    byte[] encode() {
        return new Codec.Writer().string(subscription).string(queue).number(offset).integer(packetId)
                .number(receivedAt).toBytes();
    }

    static SentQos2 decode(byte[] value) {
        Codec.Reader in = new Codec.Reader(value);
        return new SentQos2(in.string(), in.string(), in.number(), in.integer(), in.number());
    }
}
