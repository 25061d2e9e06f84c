package dev.junctionmq.mqtt.session;

/**
 * The MQTT front end's settings ({@code mqtt.*} in conf/broker.conf, docs/configuration.md).
 *
 * @param maxPacketSize        largest MQTT packet accepted, in bytes (its declared remaining length is checked
 *                             before the packet is buffered); MQTT 5 clients are told in CONNACK
 * @param maxInflight          QoS 1/2 messages sent to a client and not yet acknowledged, for MQTT 3.1.1 clients;
 *                             MQTT 5 clients set their own Receive Maximum, capped at this too
 * @param receiveMaximum       QoS 1/2 publishes a client may have unacknowledged towards the broker (MQTT 5
 *                             Receive Maximum in CONNACK); more is a protocol error (0x93)
 * @param topicAliasMaximum    topic aliases an MQTT 5 client may use towards the broker
 * @param maxSessionExpiry     longest session expiry interval granted, seconds
 * @param sessionThreads       threads that own session state (a client id always maps to the same one)
 */
public record MqttSettings(int maxPacketSize, int maxInflight, int receiveMaximum, int topicAliasMaximum,
                           long maxSessionExpiry, int sessionThreads) {
}
