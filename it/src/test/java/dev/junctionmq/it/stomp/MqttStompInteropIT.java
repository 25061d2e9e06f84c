package dev.junctionmq.it.stomp;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.mqtt.MqttBrokers;
import dev.junctionmq.it.mqtt.PahoV3Client;
import dev.junctionmq.it.stomp.RawStompClient.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT and STOMP share topics (docs/protocol-mapping.md, "MQTT"): MQTT topic {@code sensors/t1} is STOMP
 * {@code /topic/sensors/t1} (core topic {@code sensors/t1}); payload bytes arrive identical both ways.
 */
class MqttStompInteropIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    static byte[] binary(int seed) {
        byte[] payload = new byte[2048];
        new Random(seed).nextBytes(payload);
        payload[0] = 0; // a NUL inside: STOMP needs content-length for it
        return payload;
    }

    @Test
    void mqttPublishReachesStompTopicSubscriberWithIdenticalBytes() throws Exception {
        try (PahoV3Client mqtt = PahoV3Client.connect(MqttBrokers.tcpUri(broker.broker()), "device-1", true);
             RawStompClient stomp = new RawStompClient(StompBrokers.stompAddress(broker.broker()))) {
            assertThat(stomp.connect().command()).isEqualTo("CONNECTED");
            stomp.frame("SUBSCRIBE", "", "id:s1", "destination:/topic/sensors/t1", "receipt:r1");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            byte[] payload = binary(1);
            mqtt.publish("sensors/t1", payload, 1, false);
            Frame message = stomp.read();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.header("destination")).isEqualTo("/topic/sensors/t1");
            assertThat(message.body()).isEqualTo(payload);
        }
    }

    @Test
    void stompSendReachesMqttWildcardSubscriberWithIdenticalBytes() throws Exception {
        try (PahoV3Client mqtt = PahoV3Client.connect(MqttBrokers.tcpUri(broker.broker()), "device-2", true);
             RawStompClient stomp = new RawStompClient(StompBrokers.stompAddress(broker.broker()))) {
            assertThat(stomp.connect().command()).isEqualTo("CONNECTED");
            mqtt.client.subscribe("sensors/+", 1);
            byte[] payload = binary(2);
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(("SEND\ndestination:/topic/sensors/t2\ncontent-length:" + payload.length
                    + "\nreceipt:r2\n\n").getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(payload);
            frame.write(0);
            stomp.write(frame.toByteArray());
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            PahoV3Client.Received received = mqtt.next(WAIT);
            assertThat(received.topic()).isEqualTo("sensors/t2");
            assertThat(received.payload()).isEqualTo(payload);
            assertThat(received.qos()).isEqualTo(1);
        }
    }
}
