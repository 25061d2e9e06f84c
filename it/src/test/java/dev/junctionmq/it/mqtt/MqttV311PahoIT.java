package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.mqtt.PahoV3Client.Received;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
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

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    /** The running broker's MQTT URI (its port changes with a restart). */
    String uri() {
        return MqttBrokers.tcpUri(broker.broker());
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** §3.3 / §4.3: every QoS both ways; the payload bytes arrive exactly, in order, once. */
    @Test
    void publishSubscribeQos0Qos1Qos2WithExactPayloadBytes() throws Exception {
        try (PahoV3Client sub = PahoV3Client.connect(uri(), "sub", true);
             PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
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
        try (PahoV3Client sub = PahoV3Client.connect(uri(), "sub", true);
             PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
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
        try (PahoV3Client plus = PahoV3Client.connect(uri(), "plus", true);
             PahoV3Client hash = PahoV3Client.connect(uri(), "hash", true);
             PahoV3Client all = PahoV3Client.connect(uri(), "all", true);
             PahoV3Client dollar = PahoV3Client.connect(uri(), "dollar", true);
             PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
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
        try (PahoV3Client sub = PahoV3Client.connect(uri(), "sub", true);
             PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            sub.client.subscribe("u/t", 1);
            pub.publish("u/t", bytes("before"), 1, false);
            assertThat(sub.next(WAIT).text()).isEqualTo("before");
            sub.client.unsubscribe("u/t");
            pub.publish("u/t", bytes("after"), 1, false);
            assertThat(sub.poll(QUIET)).isNull();
        }
    }

    /** §3.3.1.3: retained on subscribe (wildcards too) with RETAIN set, replaced, cleared by an empty payload. */
    @Test
    void retainedMessagesDeliveredOnSubscribeAndClearedByEmptyPayload() throws Exception {
        try (PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            pub.publish("home/kitchen/temp", bytes("old"), 1, true);
            pub.publish("home/kitchen/temp", bytes("21.5"), 1, true);
            pub.publish("home/garage/temp", bytes("9.0"), 1, true);
            pub.publish("home/garage/door", bytes("open"), 0, true);
            try (PahoV3Client sub = PahoV3Client.connect(uri(), "sub", true)) {
                sub.client.subscribe("home/+/temp", 1);
                List<Received> got = sub.take(2, WAIT);
                Set<String> texts = new HashSet<>();
                got.forEach(r -> {
                    assertThat(r.retained()).as("[MQTT-3.3.1-8] RETAIN set on subscribe").isTrue();
                    texts.add(r.topic() + "=" + r.text());
                });
                assertThat(texts).containsExactlyInAnyOrder("home/kitchen/temp=21.5", "home/garage/temp=9.0");
                assertThat(sub.poll(QUIET)).isNull();
                // [MQTT-3.3.1-9]: a live message of an established subscription has RETAIN 0
                pub.publish("home/kitchen/temp", bytes("22.0"), 1, true);
                Received live = sub.next(WAIT);
                assertThat(live.text()).isEqualTo("22.0");
                assertThat(live.retained()).isFalse();
                // [MQTT-3.3.1-10]: an empty retained publish clears it (and is delivered as normal)
                pub.publish("home/kitchen/temp", new byte[0], 1, true);
                assertThat(sub.next(WAIT).payload()).isEmpty();
            }
            try (PahoV3Client late = PahoV3Client.connect(uri(), "late", true)) {
                late.client.subscribe("home/#", 1);
                List<Received> got = late.take(2, WAIT);
                assertThat(got).extracting(r -> r.topic() + "=" + r.text())
                        .containsExactlyInAnyOrder("home/garage/temp=9.0", "home/garage/door=open");
                assertThat(late.poll(QUIET)).isNull();
            }
        }
    }

    /** Retained messages are persisted: a restarted broker on the same data directory still has them. */
    @Test
    void retainedMessagesSurviveBrokerRestart() throws Exception {
        try (PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            pub.publish("status/gw1", bytes("online"), 1, true);
            pub.publish("status/gw2", bytes("gone"), 1, true);
            pub.publish("status/gw2", new byte[0], 1, true);
        }
        broker.restart();
        try (PahoV3Client sub = PahoV3Client.connect(uri(), "sub", true)) {
            sub.client.subscribe("status/#", 2);
            Received r = sub.next(WAIT);
            assertThat(r.topic()).isEqualTo("status/gw1");
            assertThat(r.text()).isEqualTo("online");
            assertThat(r.retained()).isTrue();
            assertThat(r.qos()).isEqualTo(1);
            assertThat(sub.poll(QUIET)).isNull();
        }
    }

    /** §3.1.2.5: the will is published when the connection closes without DISCONNECT, not after DISCONNECT. */
    @Test
    void willPublishedOnAbnormalCloseOnly() throws Exception {
        try (PahoV3Client watcher = PahoV3Client.connect(uri(), "watcher", true)) {
            watcher.client.subscribe("wills/#", 1);
            MqttConnectOptions options = PahoV3Client.options(true);
            options.setWill("wills/dev1", bytes("dev1 died"), 1, false);
            PahoV3Client dev1 = new PahoV3Client(uri(), "dev1");
            dev1.client.connect(options);
            dev1.kill();
            Received will = watcher.next(WAIT);
            assertThat(will.topic()).isEqualTo("wills/dev1");
            assertThat(will.text()).isEqualTo("dev1 died");

            MqttConnectOptions polite = PahoV3Client.options(true);
            polite.setWill("wills/dev2", bytes("dev2 died"), 1, false);
            PahoV3Client dev2 = new PahoV3Client(uri(), "dev2");
            dev2.client.connect(polite);
            dev2.close(); // [MQTT-3.14.4-3]: DISCONNECT discards the will
            assertThat(watcher.poll(QUIET)).isNull();
        }
    }

    /** §3.1.4: a second connection with the same client id takes the session over; the first is closed. */
    @Test
    void sameClientIdTakesOverTheSession() throws Exception {
        PahoV3Client first = PahoV3Client.connect(uri(), "device", false);
        first.client.subscribe("cmd/device", 1);
        try (PahoV3Client second = PahoV3Client.connect(uri(), "device", false);
             PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            assertThat(first.lost.get(10, java.util.concurrent.TimeUnit.SECONDS)).isNotNull();
            pub.publish("cmd/device", bytes("reboot"), 1, false);
            Received r = second.next(WAIT);
            assertThat(r.text()).isEqualTo("reboot"); // the session (and its subscription) moved over
            assertThat(first.poll(Duration.ofMillis(10))).isNull();
        } finally {
            first.client.close();
        }
    }

    /** §3.1.2.4: a persistent session keeps its subscriptions and QoS 1/2 messages while its client is away. */
    @Test
    void persistentSessionQueuesMessagesWhileOffline() throws Exception {
        PahoV3Client sub = PahoV3Client.connect(uri(), "offline-sub", false);
        sub.client.subscribe("queue/#", 1);
        sub.close();
        try (PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            for (int i = 0; i < 50; i++) {
                pub.publish("queue/q" + (i % 3), bytes("m" + i), 1, false);
            }
            pub.publish("queue/q0", bytes("qos0"), 0, false); // QoS 0 may be kept or not; not asserted
        }
        PahoV3Client back = new PahoV3Client(uri(), "offline-sub");
        back.client.connect(PahoV3Client.options(false));
        try {
            List<Received> got = back.take(50, WAIT);
            for (int i = 0; i < 50; i++) {
                assertThat(got.get(i).text()).isEqualTo("m" + i);
            }
            Received extra = back.poll(QUIET);
            if (extra != null) {
                assertThat(extra.text()).isEqualTo("qos0");
                assertThat(back.poll(QUIET)).isNull();
            }
        } finally {
            back.close();
        }
    }

    /** Persistent sessions survive a broker restart: subscriptions and undelivered messages. */
    @Test
    void persistentSessionSurvivesBrokerRestart() throws Exception {
        PahoV3Client sub = PahoV3Client.connect(uri(), "durable-sub", false);
        sub.client.subscribe(new String[] {"plant/+/alarm", "plant/line1/#"}, new int[] {2, 1});
        sub.close();
        try (PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            for (int i = 0; i < 10; i++) {
                pub.publish("plant/line" + i + "/alarm", bytes("a" + i), 2, false);
            }
        }
        broker.restart();
        try (PahoV3Client pub = PahoV3Client.connect(uri(), "pub", true)) {
            pub.publish("plant/line7/alarm", bytes("after restart"), 1, false);
        }
        PahoV3Client back = new PahoV3Client(uri(), "durable-sub");
        back.client.connect(PahoV3Client.options(false));
        try {
            // line1's alarm matches both filters: MQTT 3.1.1 allows one copy per matching subscription
            List<Received> got = back.take(12, WAIT);
            List<String> texts = got.stream().map(Received::text).toList();
            for (int i = 0; i < 10; i++) {
                assertThat(texts).contains("a" + i);
            }
            assertThat(texts).contains("after restart");
            assertThat(texts.stream().filter("a1"::equals).count()).isEqualTo(2);
            assertThat(back.poll(QUIET)).isNull();
        } finally {
            back.close();
        }
    }

    /** [MQTT-3.1.3-8]: an empty client id needs clean session 1; with it the broker assigns one. */
    @Test
    void emptyClientIdRules() throws Exception {
        PahoV3Client anonymous = new PahoV3Client(uri(), "");
        anonymous.client.connect(PahoV3Client.options(true));
        assertThat(anonymous.client.isConnected()).isTrue();
        anonymous.close();

        PahoV3Client refused = new PahoV3Client(uri(), "");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> refused.client.connect(PahoV3Client.options(false)))
                .isInstanceOf(org.eclipse.paho.client.mqttv3.MqttException.class)
                .satisfies(e -> assertThat(((org.eclipse.paho.client.mqttv3.MqttException) e).getReasonCode())
                        .isEqualTo(2)); // CONNACK 0x02 identifier rejected
        refused.client.close();
    }
}
