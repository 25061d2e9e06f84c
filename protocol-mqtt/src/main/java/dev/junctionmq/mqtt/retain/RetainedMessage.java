package dev.junctionmq.mqtt.retain;

import dev.junctionmq.mqtt.state.Codec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last retained message of a topic (MQTT 3.1.1 §3.3.1.3).
 *
 * @param properties the stored properties it was published with (see {@code StoredProperties})
 * @param expiresAt  epoch ms after which it is not delivered (MQTT 5 message expiry), or 0
 */
public record RetainedMessage(String topic, int qos, byte[] body, Map<String, String> properties, long expiresAt) {

    public RetainedMessage {
        properties = Map.copyOf(properties);
    }

    public boolean expired(long now) {
        return expiresAt > 0 && now > expiresAt;
    }

    byte[] encode() {
        Codec.Writer out = new Codec.Writer().string(topic).integer(qos).bytes(body).number(expiresAt)
                .integer(properties.size());
        properties.forEach((name, value) -> out.string(name).string(value));
        return out.toBytes();
    }

    static RetainedMessage decode(byte[] value) {
        Codec.Reader in = new Codec.Reader(value);
        String topic = in.string();
        int qos = in.integer();
        byte[] body = in.bytes();
        long expiresAt = in.number();
        int count = in.integer();
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put(in.string(), in.string());
        }
        return new RetainedMessage(topic, qos, body, properties, expiresAt);
    }
}
