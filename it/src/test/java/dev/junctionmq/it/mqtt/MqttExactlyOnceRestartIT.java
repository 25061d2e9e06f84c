package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.mqtt.RawMqttClient.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 §4.3.3 across a broker restart: the QoS 2 packet ids of a persistent session are in-flight state that
 * survives it, so a PUBLISH the client sends again after the restart (it never got PUBCOMP) is not stored twice.
 */
class MqttExactlyOnceRestartIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    @Test
    void qos2PublishResentAfterRestartIsStoredOnce() throws Exception {
        PahoV3Client reader = PahoV3Client.connect(MqttBrokers.tcpUri(broker.broker()), "reader", false);
        reader.client.subscribe("orders/#", 2);
        reader.close();
        byte[] payload = "order 42".getBytes(StandardCharsets.UTF_8);
        try (RawMqttClient raw = new RawMqttClient(MqttBrokers.mqttAddress(broker.broker()))) {
            raw.send(RawMqttClient.connect("MQTT", 4, "till-1", 0, false));
            assertThat(raw.read().type()).isEqualTo(2);
            raw.send(RawMqttClient.publish("orders/new", 2, 7, false, payload, false));
            assertThat(raw.read().type()).isEqualTo(5); // PUBREC: stored, id 7 remembered
        }
        broker.restart();
        try (RawMqttClient raw = new RawMqttClient(MqttBrokers.mqttAddress(broker.broker()))) {
            raw.send(RawMqttClient.connect("MQTT", 4, "till-1", 0, false));
            Packet connack = raw.read();
            assertThat(connack.type()).isEqualTo(2);
            assertThat(connack.body()[0]).as("session present").isEqualTo((byte) 1);
            // the client never saw PUBREC (say): it sends the PUBLISH again, with DUP
            raw.send(RawMqttClient.publish("orders/new", 2, 7, true, payload, false));
            assertThat(raw.read().type()).isEqualTo(5);
            raw.send(RawMqttClient.pubrel(7));
            Packet pubcomp = raw.read();
            assertThat(pubcomp.type()).isEqualTo(7);
            // the id is free again: a new message with it is a new message
            raw.send(RawMqttClient.publish("orders/new", 2, 7, false, "order 43".getBytes(StandardCharsets.UTF_8),
                    false));
            assertThat(raw.read().type()).isEqualTo(5);
            raw.send(RawMqttClient.pubrel(7));
            assertThat(raw.read().type()).isEqualTo(7);
        }
        PahoV3Client back = new PahoV3Client(MqttBrokers.tcpUri(broker.broker()), "reader");
        back.client.connect(PahoV3Client.options(false));
        try {
            assertThat(back.take(2, WAIT)).extracting(PahoV3Client.Received::text)
                    .containsExactly("order 42", "order 43");
            assertThat(back.poll(Duration.ofMillis(500))).as("stored once").isNull();
        } finally {
            back.close();
        }
    }
}
