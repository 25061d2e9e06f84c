package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.mqtt.PahoV5Client.Received;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** MQTT 5.0 end to end with the Eclipse Paho v5 client against an in-process broker. */
class MqttV5PahoIT {

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

    /** §3.3.2.3: user properties, content type, response topic, correlation data, payload format round trip. */
    @Test
    void publishPropertiesRoundTrip() throws Exception {
        try (PahoV5Client sub = PahoV5Client.connect(uri(), "sub");
             PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            sub.subscribe(new MqttSubscription("rpc/#", 2));
            for (int qos = 0; qos <= 2; qos++) {
                MqttMessage message = new MqttMessage(bytes("{\"qos\":" + qos + "}"));
                message.setQos(qos);
                MqttProperties properties = new MqttProperties();
                properties.setUserProperties(List.of(new UserProperty("trace", "t-" + qos),
                        new UserProperty("region", "eu")));
                properties.setContentType("application/json");
                properties.setResponseTopic("rpc/replies/" + qos);
                properties.setCorrelationData(new byte[] {0, 1, (byte) 0xFF, (byte) qos});
                properties.setPayloadFormat(true);
                properties.setMessageExpiryInterval(3600L);
                message.setProperties(properties);
                pub.publish("rpc/req", message);
            }
            for (int qos = 0; qos <= 2; qos++) {
                Received r = sub.next(WAIT);
                assertThat(r.topic()).isEqualTo("rpc/req");
                assertThat(r.text()).isEqualTo("{\"qos\":" + qos + "}");
                assertThat(r.message().getQos()).isEqualTo(qos);
                MqttProperties p = r.message().getProperties();
                assertThat(p.getUserProperties()).containsExactlyInAnyOrder(new UserProperty("trace", "t-" + qos),
                        new UserProperty("region", "eu"));
                assertThat(p.getContentType()).isEqualTo("application/json");
                assertThat(p.getResponseTopic()).isEqualTo("rpc/replies/" + qos);
                assertThat(p.getCorrelationData()).containsExactly(0, 1, (byte) 0xFF, (byte) qos);
                assertThat(p.getPayloadFormat()).isTrue();
                assertThat(p.getMessageExpiryInterval()).isBetween(3590L, 3600L);
            }
            assertThat(sub.poll(QUIET)).isNull();
        }
    }

    /** [MQTT-3.2.2-16]: an empty client id gets an assigned one in CONNACK. */
    @Test
    void assignedClientIdentifier() throws Exception {
        try (PahoV5Client c = PahoV5Client.connect(uri(), "")) {
            String assigned = c.connectToken.getResponseProperties().getAssignedClientIdentifier();
            assertThat(assigned).startsWith("junction-");
        }
    }

    /** §4.8.2: a shared subscription splits the messages over its members, none lost, none twice. */
    @Test
    void sharedSubscriptionSplitsLoadWithoutLossOrDuplicates() throws Exception {
        try (PahoV5Client a = PahoV5Client.connect(uri(), "worker-a");
             PahoV5Client b = PahoV5Client.connect(uri(), "worker-b");
             PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            a.subscribe(new MqttSubscription("$share/workers/jobs/+", 1));
            b.subscribe(new MqttSubscription("$share/workers/jobs/+", 1));
            int count = 300;
            for (int i = 0; i < count; i++) {
                pub.publish("jobs/j" + (i % 5), bytes("job-" + i), 1, false);
            }
            List<String> all = new ArrayList<>();
            int[] perMember = new int[2];
            await().atMost(WAIT).until(() -> {
                perMember[0] += drain(a, all);
                perMember[1] += drain(b, all);
                return all.size() >= count;
            });
            assertThat(perMember[0]).as("worker a got a share").isPositive();
            assertThat(perMember[1]).as("worker b got a share").isPositive();
            Set<String> distinct = new HashSet<>(all);
            assertThat(all).hasSize(count);
            assertThat(distinct).hasSize(count);
            assertThat(a.poll(QUIET)).isNull();
            assertThat(b.poll(Duration.ofMillis(10))).isNull();
        }
    }

    private static int drain(PahoV5Client client, List<String> into) {
        int n = 0;
        Received r;
        while ((r = client.received.poll()) != null) {
            into.add(r.text());
            n++;
        }
        return n;
    }

    /** §3.8.3.1 no local: a client does not get its own publishes; retain as published keeps RETAIN. */
    @Test
    void noLocalAndRetainAsPublished() throws Exception {
        try (PahoV5Client self = PahoV5Client.connect(uri(), "self");
             PahoV5Client other = PahoV5Client.connect(uri(), "other")) {
            MqttSubscription noLocal = new MqttSubscription("chat/room", 1);
            noLocal.setNoLocal(true);
            self.subscribe(noLocal);
            MqttSubscription asPublished = new MqttSubscription("chat/room", 1);
            asPublished.setRetainAsPublished(true);
            other.subscribe(asPublished);
            self.publish("chat/room", bytes("from self"), 1, true);
            Received r = other.next(WAIT);
            assertThat(r.text()).isEqualTo("from self");
            assertThat(r.message().isRetained()).as("[MQTT-3.3.1-13] retain as published").isTrue();
            assertThat(self.poll(QUIET)).as("[MQTT-3.8.3-3] no local").isNull();
            other.publish("chat/room", bytes("from other"), 1, false);
            assertThat(self.next(WAIT).text()).isEqualTo("from other");
        }
    }

    /** §3.3.1.3 retain handling: 0 always, 1 only for a new subscription, 2 never. */
    @Test
    void retainHandlingOptions() throws Exception {
        try (PahoV5Client pub = PahoV5Client.connect(uri(), "pub");
             PahoV5Client sub = PahoV5Client.connect(uri(), "sub")) {
            pub.publish("cfg/a", bytes("A"), 1, true);
            MqttSubscription never = new MqttSubscription("cfg/#", 1);
            never.setRetainHandling(2);
            sub.subscribe(never);
            assertThat(sub.poll(QUIET)).isNull();
            MqttSubscription ifNew = new MqttSubscription("cfg/+", 1);
            ifNew.setRetainHandling(1);
            sub.subscribe(ifNew);
            assertThat(sub.next(WAIT).text()).isEqualTo("A");
            sub.subscribe(ifNew); // existing now: nothing again
            assertThat(sub.poll(QUIET)).isNull();
            MqttSubscription always = new MqttSubscription("cfg/+", 1);
            sub.subscribe(always);
            assertThat(sub.next(WAIT).text()).isEqualTo("A");
        }
    }

    /** §3.8.2.1.2: the subscription identifier comes back on the messages of that subscription. */
    @Test
    void subscriptionIdentifiers() throws Exception {
        try (PahoV5Client sub = PahoV5Client.connect(uri(), "sub");
             PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            MqttProperties properties = new MqttProperties();
            properties.setSubscriptionIdentifier(42);
            sub.subscribe(properties, new MqttSubscription("ids/x", 1));
            pub.publish("ids/x", bytes("tagged"), 1, false);
            Received r = sub.next(WAIT);
            assertThat(r.message().getProperties().getSubscriptionIdentifiers()).containsExactly(42);
        }
    }

    /** §3.1.4 take-over: the old connection is told DISCONNECT 0x8E "session taken over". */
    @Test
    void takeOverSendsDisconnect0x8E() throws Exception {
        PahoV5Client first = PahoV5Client.connect(uri(), "dup-id");
        try (PahoV5Client second = PahoV5Client.connect(uri(), "dup-id")) {
            assertThat(first.disconnected.get(10, TimeUnit.SECONDS).getReturnCode()).isEqualTo(0x8E);
            assertThat(second.client.isConnected()).isTrue();
        } finally {
            first.client.close();
        }
    }

    /** §3.1.2.11.2 session expiry: the session and its queued messages outlive the connection and a restart. */
    @Test
    void sessionExpiryKeepsSessionAcrossRestart() throws Exception {
        MqttConnectionOptions persistent = PahoV5Client.options(true, 3600);
        PahoV5Client sub = PahoV5Client.connect(uri(), "keeper", persistent);
        sub.subscribe(new MqttSubscription("inbox/keeper", 2));
        sub.close();
        try (PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            for (int i = 0; i < 20; i++) {
                pub.publish("inbox/keeper", bytes("mail-" + i), 2, false);
            }
        }
        broker.restart();
        PahoV5Client back = PahoV5Client.connect(uri(), "keeper", PahoV5Client.options(false, 3600));
        try {
            assertThat(back.connectToken.getSessionPresent()).isTrue();
            List<Received> got = back.take(20, WAIT);
            for (int i = 0; i < 20; i++) {
                assertThat(got.get(i).text()).isEqualTo("mail-" + i);
                assertThat(got.get(i).message().getQos()).isEqualTo(2);
            }
            assertThat(back.poll(QUIET)).isNull();
        } finally {
            back.close();
        }
        // clean start discards it
        PahoV5Client fresh = PahoV5Client.connect(uri(), "keeper", PahoV5Client.options(true, 0));
        assertThat(fresh.connectToken.getSessionPresent()).isFalse();
        fresh.close();
    }

    /** §3.1.3.2.2 will delay: a client back within the delay cancels its will; one that stays away sends it. */
    @Test
    void willDelay() throws Exception {
        try (PahoV5Client watcher = PahoV5Client.connect(uri(), "watcher")) {
            watcher.subscribe(new MqttSubscription("lwt/#", 1));
            MqttConnectionOptions options = PahoV5Client.options(true, 60);
            MqttProperties willProperties = new MqttProperties();
            willProperties.setWillDelayInterval(1L);
            options.setWillMessageProperties(willProperties);
            options.setWill("lwt/dev", new MqttMessage(bytes("gone")));
            PahoV5Client dev = PahoV5Client.connect(uri(), "dev", options);
            dev.kill();
            PahoV5Client backInTime = PahoV5Client.connect(uri(), "dev", PahoV5Client.options(false, 60));
            assertThat(watcher.poll(Duration.ofMillis(1500))).as("resumed within the delay: no will").isNull();
            backInTime.kill(); // this connection has no will
            PahoV5Client again = PahoV5Client.connect(uri(), "dev", options);
            again.kill();
            Received will = watcher.next(WAIT);
            assertThat(will.text()).isEqualTo("gone");
        }
    }

    /** §3.3.2.3.4 topic aliases: a client may replace a topic name it has named before by an alias. */
    @Test
    void topicAliasesFromTheClient() throws Exception {
        try (PahoV5Client sub = PahoV5Client.connect(uri(), "sub");
             PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            sub.subscribe(new MqttSubscription("aliased/topic/name", 1));
            for (int i = 0; i < 3; i++) {
                MqttMessage message = new MqttMessage(bytes("a" + i));
                message.setQos(1);
                MqttProperties properties = new MqttProperties();
                properties.setTopicAlias(7);
                message.setProperties(properties);
                pub.publish("aliased/topic/name", message);
            }
            List<Received> got = sub.take(3, WAIT);
            assertThat(got).extracting(Received::topic).containsOnly("aliased/topic/name");
            assertThat(got).extracting(Received::text).containsExactly("a0", "a1", "a2");
        }
    }

    /** §3.3.2.3.3 message expiry: a message that expires while its subscriber is away is not delivered. */
    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        PahoV5Client sub = PahoV5Client.connect(uri(), "late-reader", PahoV5Client.options(true, 600));
        sub.subscribe(new MqttSubscription("news/#", 1));
        sub.close();
        try (PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            MqttMessage shortLived = new MqttMessage(bytes("stale soon"));
            shortLived.setQos(1);
            MqttProperties properties = new MqttProperties();
            properties.setMessageExpiryInterval(1L);
            shortLived.setProperties(properties);
            pub.publish("news/flash", shortLived);
            pub.publish("news/daily", bytes("keeps"), 1, false);
        }
        await().pollDelay(Duration.ofMillis(2200)).atMost(WAIT).until(() -> true); // let the first one expire
        PahoV5Client back = PahoV5Client.connect(uri(), "late-reader", PahoV5Client.options(false, 600));
        try {
            assertThat(back.next(WAIT).text()).isEqualTo("keeps");
            assertThat(back.poll(QUIET)).isNull();
        } finally {
            back.close();
        }
    }

    /** [MQTT-3.1.2-25]: a message larger than the client's Maximum Packet Size is not sent to it. */
    @Test
    void clientMaximumPacketSizeRespected() throws Exception {
        MqttConnectionOptions small = PahoV5Client.options(true, 0);
        small.setMaximumPacketSize(256L);
        try (PahoV5Client sub = PahoV5Client.connect(uri(), "small", small);
             PahoV5Client pub = PahoV5Client.connect(uri(), "pub")) {
            sub.subscribe(new MqttSubscription("sized", 1));
            pub.publish("sized", new byte[2000], 1, false);
            pub.publish("sized", bytes("fits"), 1, false);
            assertThat(sub.next(WAIT).text()).isEqualTo("fits");
            assertThat(sub.poll(QUIET)).isNull();
            assertThat(sub.client.isConnected()).isTrue();
        }
    }
}
