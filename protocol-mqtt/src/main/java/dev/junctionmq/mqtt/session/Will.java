package dev.junctionmq.mqtt.session;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;

/**
 * The will message of a connection (MQTT 3.1.1 §3.1.2.5, MQTT 5.0 §3.1.3.2): published when the network
 * connection closes without a normal DISCONNECT; MQTT 5 may delay it ({@code delaySeconds}) and cancels it if the
 * session is resumed before then.
 */
record Will(String topic, byte[] payload, MqttQoS qos, boolean retain, MqttProperties properties, long delaySeconds) {
}
