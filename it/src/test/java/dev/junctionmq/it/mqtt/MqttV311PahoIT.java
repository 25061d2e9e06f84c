package dev.junctionmq.it.mqtt;

import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.it.mqtt.PahoV3Client.Received;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 end to end with the Eclipse Paho v3 client against an in-process broker: QoS 0, 1 and 2 both ways,
 * wildcards, retained messages, wills, take-over and persistent sessions (also across a broker restart).
 */
class MqttV311PahoIT {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final Duration QUIET = Duration.ofMillis(400);

    @TempDir
    Path dir;

    Broker broker;
    String uri;

    @BeforeEach
    void start() {
        broker = Broker.start(MqttBrokers.config(dir));
        uri = MqttBrokers.tcpUri(broker);
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    void restart() {
        broker.close();
        broker = Broker.start(MqttBrokers.config(dir));
        uri = MqttBrokers.tcpUri(broker);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** §3.3 / §4.3: every QoS both ways; the payload bytes arrive exactly, in order, once. */
    @Test
    void publishSubscribeQos0Qos1Qos2WithExactPayloadBytes() throws Exception {
        try (PahoV3Client sub = PahoV3Client.connect(uri, "sub", true);
             PahoV3Client pub = PahoV3Client.connect(uri, "pub", true)) {
            sub.client.subscribe(new String[] {"q/0", "q/1", "q/2"}, new int[] {0, 1, 2});
            byte[] binary = new byte[4096];
            new Random(7).nextBytes(binary);
            for (int qos = 0; qos <= 2; qos++) {
                for (int i = 0; i < 20; i++) {
                    byte[] payload = i == 0 ? binary : bytes("m" + qos + "-" + i);
                    pub.publish("q/" + qos, payload, qos, false);
                }
            }
            for (int qos = 0; qos <= 2; qos++) {
                List<Received> got = sub.take(20, WAIT);
                for (int i = 0; i < 20; i++) {
                    Received r = got.get(i);
                    assertThat(r.topic()).isEqualTo("q/" + qos);
                    assertThat(r.qos()).isEqualTo(qos);
                    assertThat(r.retained()).isFalse();
                    assertThat(r.payload()).isEqualTo(i == 0 ? binary : bytes("m" + qos + "-" + i));
                }
            }
            assertThat(sub.poll(QUIET)).as("no duplicates").isNull();
        }
    }

    /** §3.8.4: delivered at the lower of the published and the granted QoS. */
    @Test
    void deliveryQosIsTheLowerOfPublishedAndGranted() throws Exception {
        try (PahoV3Client sub = PahoV3Client.connect(uri, "sub", true);
             PahoV3Client pub = PahoV3Client.connect(uri, "pub", true)) {
            sub.client.subscribe("down/#", 1);
            pub.publish("down/a", bytes("two"), 2, false);
            pub.publish("down/b", bytes("zero"), 0, false);
            Received a = sub.next(WAIT);
            Received b = sub.next(WAIT);
            assertThat(a.qos()).isEqualTo(1);
            assertThat(b.qos()).isEqualTo(0);
        }
    }

    /** §4.7: '+' one level, '#' any levels including the parent, '$' topics not matched by leading wildcards. */
    @Test
    void wildcardsAndTheDollarTopicRule() throws Exception {
        try (PahoV3Client plus = PahoV3Client.connect(uri, "plus", true);
             PahoV3Client hash = PahoV3Client.connect(uri, "hash", true);
             PahoV3Client all = PahoV3Client.connect(uri, "all", true);
             PahoV3Client dollar = PahoV3Client.connect(uri, "dollar", true);
             PahoV3Client pub = PahoV3Client.connect(uri, "pub", true)) {
            plus.client.subscribe("sensors/+/temp", 1);
            hash.client.subscribe("sensors/#", 1);
            all.client.subscribe("#", 1);
            dollar.client.subscribe("$SYS/#", 1);
            pub.publish("sensors/k1/temp", bytes("1"), 1, false);
            pub.publish("sensors/k1/humidity", bytes("2"), 1, false);
            pub.publish("sensors", bytes("3"), 1, false);
            pub.publish("sensors/k2/temp/raw", bytes("4"), 1, false);
            pub.publish("$SYS/broker/load", bytes("5"), 1, false); // [MQTT-4.7.2-1]
            assertThat(plus.take(1, WAIT)).extracting(Received::text).containsExactly("1");
            assertThat(hash.take(4, WAIT)).extracting(Received::text).containsExactly("1", "2", "3", "4");
            assertThat(all.take(4, WAIT)).extracting(Received::text).containsExactly("1", "2", "3", "4");
            assertThat(dollar.take(1, WAIT)).extracting(Received::text).containsExactly("5");
            assertThat(plus.poll(QUIET)).isNull();
            assertThat(hash.poll(Duration.ofMillis(10))).isNull();
            assertThat(all.poll(Duration.ofMillis(10))).as("'#' does not match $SYS").isNull();
        }
    }

    /** §3.10: after UNSUBACK no more messages for the filter. */
    @Test
    void unsubscribeStopsDelivery() throws Exception {
        try (PahoV3Client sub = PahoV3Client.connect(uri, "sub", true);
             PahoV3Client pub = PahoV3Client.connect(uri, "pub", true)) {
            sub.client.subscribe("u/t", 1);
            pub.publish("u/t", bytes("before"), 1, false);
            assertThat(sub.next(WAIT).text()).isEqualTo("before");
            sub.client.unsubscribe("u/t");
            pub.publish("u/t", bytes("after"), 1, false);
            assertThat(sub.poll(QUIET)).isNull();
        }
    }
}
