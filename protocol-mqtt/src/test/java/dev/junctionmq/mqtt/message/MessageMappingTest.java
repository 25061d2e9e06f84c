package dev.junctionmq.mqtt.message;

import dev.junctionmq.broker.engine.message.OutgoingMessage;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The PUBLISH ↔ core message table of docs/protocol-mapping.md ("MQTT"). */
class MessageMappingTest {

    @Test
    void inboundPublishKeepsBytesTopicQosAndMqtt5Properties() {
        MqttProperties properties = new MqttProperties();
        properties.add(new MqttProperties.StringProperty(MqttPropertyType.CONTENT_TYPE.value(), "text/plain"));
        properties.add(new MqttProperties.StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(), "replies/1"));
        properties.add(new MqttProperties.BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(), new byte[] {7, 0}));
        properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(), 1));
        properties.add(new MqttProperties.UserProperty("region", "eu"));
        properties.add(new MqttProperties.UserProperty("UNIQ_KEY", "forged")); // a system property: dropped
        byte[] body = {0, 1, 2, (byte) 0xFF};
        MessageMapping.Inbound inbound = MessageMapping.toOutgoing("%MQTT%", "a/b", MqttQoS.EXACTLY_ONCE, true,
                Unpooled.wrappedBuffer(body), properties, "dev-1", null);
        OutgoingMessage message = inbound.message();
        assertThat(message.topic()).isEqualTo("%MQTT%");
        assertThat(message.body()).containsExactly(body);
        assertThat(message.properties()).containsEntry("MQTT_TOPIC", "a/b").containsEntry("MQTT_QOS", "2")
                .containsEntry("MQTT_RETAIN", "true").containsEntry("MQTT_CLIENT_ID", "dev-1")
                .containsEntry("content-type", "text/plain").containsEntry("MQTT_RESPONSE_TOPIC", "replies/1")
                .containsEntry("MQTT_CORRELATION_DATA", "BwA=").containsEntry("MQTT_PAYLOAD_FORMAT", "1")
                .containsEntry("region", "eu").doesNotContainKey("UNIQ_KEY");
    }

    @Test
    void outboundMqtt5ShowsOtherPropertiesAsUserPropertiesAndV3NoProperties() {
        Map<String, String> stored = new LinkedHashMap<>();
        stored.put("MQTT_TOPIC", "a/b");
        stored.put("content-type", "application/json");
        stored.put("priority", "high"); // e.g. a STOMP header
        stored.put("UNIQ_KEY", "id-1");
        byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
        MqttPublishMessage v5 = MessageMapping.toPublish("a/b", body, stored, 0, 1, false, true, 5, List.of(9), true);
        MqttProperties p = v5.variableHeader().properties();
        assertThat(p.getProperty(MqttPropertyType.CONTENT_TYPE.value()).value()).isEqualTo("application/json");
        assertThat(p.getProperties(MqttPropertyType.USER_PROPERTY.value())).hasSize(1);
        assertThat(p.getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value()).value()).isEqualTo(9);
        assertThat(v5.fixedHeader().isDup()).isTrue();
        assertThat(v5.variableHeader().packetId()).isEqualTo(5);
        MqttPublishMessage v3 = MessageMapping.toPublish("a/b", body, stored, 0, 1, false, false, 5, List.of(), false);
        assertThat(v3.variableHeader().properties().isEmpty()).isTrue();
        assertThat(v3.payload().readableBytes()).isEqualTo(2);
        v5.release();
        v3.release();
    }
}
