package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.mqtt.RawMqttClient.Packet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Session state that outlives a connection, checked on the wire with a raw socket: unacknowledged PUBLISHes come
 * again with DUP and their original packet ids, after a reconnect and after a broker restart [MQTT-4.4.0-1]; an
 * ended session or an UNSUBSCRIBE leaves no consumer-group offsets behind; retained messages on a wildcard
 * subscription respect the client's Receive Maximum.
 */
class MqttSessionStateIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    private RawMqttClient connect(String clientId, boolean cleanSession, int expectedSessionPresent)
            throws IOException {
        RawMqttClient raw = new RawMqttClient(MqttBrokers.mqttAddress(broker.broker()));
        raw.send(RawMqttClient.connect("MQTT", 4, clientId, 0, cleanSession));
        Packet connack = raw.read();
        assertThat(connack.type()).isEqualTo(2);
        assertThat(connack.body()[0]).as("session present").isEqualTo((byte) expectedSessionPresent);
        assertThat(connack.body()[1]).as("accepted").isZero();
        return raw;
    }

    private void publish(String topic, int qos, String... payloads) throws IOException {
        try (RawMqttClient publisher = connect("publisher", true, 0)) {
            int id = 1;
            for (String payload : payloads) {
                publisher.send(RawMqttClient.publish(topic, qos, id++, false,
                        payload.getBytes(StandardCharsets.UTF_8), false));
                if (qos == 1) {
                    assertThat(publisher.read().type()).isEqualTo(4); // PUBACK: stored
                } else if (qos == 2) {
                    assertThat(publisher.read().type()).isEqualTo(5); // PUBREC: stored
                    publisher.send(RawMqttClient.pubrel(id - 1));
                    assertThat(publisher.read().type()).isEqualTo(7);
                }
            }
        }
    }

    private static void subscribe(RawMqttClient raw, String filter, int qos) throws IOException {
        raw.send(RawMqttClient.subscribe(1, filter, qos, false));
        Packet suback = raw.read();
        assertThat(suback.type()).isEqualTo(9);
        assertThat(suback.body()[2]).as("granted QoS").isEqualTo((byte) qos);
    }

    /** A 3.1.1 PUBLISH as read: DUP flag, packet id, payload text. */
    record Publish(boolean dup, int packetId, String payload) {
        static Publish of(Packet packet) {
            assertThat(packet.type()).as("PUBLISH").isEqualTo(3);
            byte[] b = packet.body();
            int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
            int qos = (packet.header() >> 1) & 3;
            int id = qos == 0 ? 0 : ((b[2 + topicLength] & 0xFF) << 8) | (b[3 + topicLength] & 0xFF);
            int start = 2 + topicLength + (qos == 0 ? 0 : 2);
            return new Publish((packet.header() & 0x08) != 0, id,
                    new String(Arrays.copyOfRange(b, start, b.length), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, Integer> readPublishes(RawMqttClient raw, int count, boolean expectDup)
            throws IOException {
        Map<String, Integer> idByPayload = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            Publish publish = Publish.of(raw.read());
            assertThat(publish.dup()).as("DUP of " + publish.payload()).isEqualTo(expectDup);
            assertThat(idByPayload.put(publish.payload(), publish.packetId())).as("no duplicate").isNull();
        }
        return idByPayload;
    }

    @Test
    void unacknowledgedPublishesComeBackWithTheirPacketIdsAfterReconnectAndRestart() throws Exception {
        try (RawMqttClient meter = connect("meter-reader", false, 0)) {
            subscribe(meter, "meters/#", 1);
        }
        Map<String, Integer> first;
        try (RawMqttClient meter = connect("meter-reader", false, 1)) {
            // two acknowledged first, so the ids of the three below are not the 1, 2, 3 a new connection starts at
            publish("meters/warmup", 1, "w1", "w2");
            for (Publish p : List.of(Publish.of(meter.read()), Publish.of(meter.read()))) {
                meter.send(RawMqttClient.puback(p.packetId()));
            }
            publish("meters/7", 1, "r1", "r2", "r3");
            first = readPublishes(meter, 3, false);
            assertThat(first.keySet()).containsExactly("r1", "r2", "r3");
            assertThat(first.values()).doesNotContain(1);
            // no PUBACK: the socket closes with all three unacknowledged
        }
        try (RawMqttClient meter = connect("meter-reader", false, 1)) {
            Map<String, Integer> again = readPublishes(meter, 3, true);
            assertThat(again).as("original packet ids after a reconnect").isEqualTo(first);
            assertThat(meter.readWithin(300)).isNull();
        }
        broker.restart();
        try (RawMqttClient meter = connect("meter-reader", false, 1)) {
            Map<String, Integer> afterRestart = readPublishes(meter, 3, true);
            assertThat(afterRestart).as("original packet ids after a restart").isEqualTo(first);
            for (int id : afterRestart.values()) {
                meter.send(RawMqttClient.puback(id));
            }
            assertThat(meter.readWithin(300)).isNull();
        }
        try (RawMqttClient meter = connect("meter-reader", false, 1)) {
            assertThat(meter.readWithin(500)).as("all acknowledged: nothing comes again").isNull();
            // new messages get ids of their own, not DUP
            publish("meters/8", 1, "n1");
            Publish fresh = Publish.of(meter.read());
            assertThat(fresh.payload()).isEqualTo("n1");
            assertThat(fresh.dup()).isFalse();
            meter.send(RawMqttClient.puback(fresh.packetId()));
        }
    }

    @Test
    void pubrelIsSentAgainForAMessageInPubrecStateAfterReconnectAndRestart() throws Exception {
        try (RawMqttClient valve = connect("valve", false, 0)) {
            subscribe(valve, "valves/#", 2);
        }
        publish("valves/1", 2, "open");
        int packetId;
        try (RawMqttClient valve = connect("valve", false, 1)) {
            Publish publish = Publish.of(valve.read());
            packetId = publish.packetId();
            valve.send(new byte[] {0x50, 0x02, (byte) (packetId >> 8), (byte) packetId}); // PUBREC
            Packet pubrel = valve.read();
            assertThat(pubrel.type()).isEqualTo(6);
            // no PUBCOMP
        }
        try (RawMqttClient valve = connect("valve", false, 1)) {
            Packet pubrel = valve.read();
            assertThat(pubrel.type()).as("PUBREL again").isEqualTo(6);
            assertThat(((pubrel.body()[0] & 0xFF) << 8) | (pubrel.body()[1] & 0xFF)).isEqualTo(packetId);
            assertThat(valve.readWithin(300)).as("the message is not sent again").isNull();
        }
        broker.restart();
        try (RawMqttClient valve = connect("valve", false, 1)) {
            Packet pubrel = valve.read();
            assertThat(pubrel.type()).as("PUBREL after a restart").isEqualTo(6);
            assertThat(((pubrel.body()[0] & 0xFF) << 8) | (pubrel.body()[1] & 0xFF)).isEqualTo(packetId);
            valve.send(new byte[] {0x70, 0x02, (byte) (packetId >> 8), (byte) packetId}); // PUBCOMP
            assertThat(valve.readWithin(300)).isNull();
        }
    }

    @Test
    void endedSessionsAndUnsubscribedFiltersLeaveNoGroupOffsets() throws Exception {
        for (String client : List.of("ends-1", "unsub-1", "kept-1")) {
            try (RawMqttClient raw = connect(client, false, 0)) {
                subscribe(raw, "alerts/" + client + "/#", 1);
            }
        }
        publish("alerts/ends-1/x", 1, "old-1");
        publish("alerts/unsub-1/x", 1, "old-2");
        publish("alerts/kept-1/x", 1, "old-3");
        // 3.1.1 clean session 1 ends the stored session [MQTT-3.1.2-6]
        try (RawMqttClient raw = connect("ends-1", true, 0)) {
            assertThat(raw.readWithin(300)).isNull();
        }
        try (RawMqttClient raw = connect("unsub-1", false, 1)) {
            Publish old = Publish.of(raw.read());
            assertThat(old.payload()).isEqualTo("old-2");
            raw.send(RawMqttClient.puback(old.packetId()));
            raw.send(RawMqttClient.packet(0xA2, new byte[] {0, 2}, RawMqttClient.utf8("alerts/unsub-1/#")));
            assertThat(raw.read().type()).as("UNSUBACK").isEqualTo(11);
        }
        publish("alerts/unsub-1/x", 1, "after-unsubscribe");
        broker.stop(); // saves the offsets
        String offsets = readOffsets();
        assertThat(offsets).as("a live persistent session keeps its group").contains("MQTT|kept-1|");
        assertThat(offsets).doesNotContain("MQTT|ends-1|").doesNotContain("MQTT|unsub-1|");

        broker.start();
        // a new session with the same ids starts empty: nothing of the old subscriptions comes
        for (String client : List.of("ends-1", "unsub-1")) {
            try (RawMqttClient raw = connect(client, false, client.equals("unsub-1") ? 1 : 0)) {
                if (client.equals("ends-1")) {
                    subscribe(raw, "alerts/" + client + "/#", 1);
                }
                assertThat(raw.readWithin(500)).as(client + " gets no old message").isNull();
            }
        }
    }

    private String readOffsets() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(broker.directory())) {
            files = walk.filter(p -> p.getFileName().toString().equals("consumerOffset.json")).toList();
        }
        assertThat(files).hasSize(1);
        return Files.readString(files.get(0));
    }

    @Test
    void retainedMessagesOfAWildcardSubscriptionRespectReceiveMaximum() throws Exception {
        List<String> expected = new ArrayList<>();
        try (RawMqttClient publisher = connect("lights", true, 0)) {
            for (int i = 0; i < 10; i++) {
                publisher.send(RawMqttClient.packet(0x33, RawMqttClient.utf8("lights/room" + i),
                        new byte[] {0, (byte) (i + 1)}, ("on " + i).getBytes(StandardCharsets.UTF_8)));
                assertThat(publisher.read().type()).isEqualTo(4);
                expected.add("on " + i);
            }
            publisher.send(RawMqttClient.packet(0x33, RawMqttClient.utf8("other/room"), new byte[] {0, 99},
                    "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(publisher.read().type()).isEqualTo(4);
            publisher.send(RawMqttClient.packet(0x33, RawMqttClient.utf8("other/room/deeper"), new byte[] {0, 98},
                    "y".getBytes(StandardCharsets.UTF_8)));
            assertThat(publisher.read().type()).isEqualTo(4);
        }
        try (RawMqttClient raw = new RawMqttClient(MqttBrokers.mqttAddress(broker.broker()))) {
            raw.send(RawMqttClient.connect5WithReceiveMaximum("panel", 3));
            assertThat(raw.read().type()).isEqualTo(2);
            raw.send(RawMqttClient.subscribe(1, "+/+", 1, true));
            assertThat(raw.read().type()).isEqualTo(9);
            List<String> received = new ArrayList<>();
            List<Integer> unacknowledged = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Packet packet = raw.read();
                assertThat(packet.header() & 0x01).as("RETAIN").isEqualTo(1);
                unacknowledged.add(packetIdOf5(packet));
                received.add(payloadOf5(packet));
            }
            assertThat(raw.readWithin(500)).as("a fourth before any PUBACK").isNull();
            while (received.size() < 11) {
                raw.send(RawMqttClient.puback(unacknowledged.remove(0)));
                Packet packet = raw.read();
                unacknowledged.add(packetIdOf5(packet));
                received.add(payloadOf5(packet));
            }
            unacknowledged.forEach(id -> {
                try {
                    raw.send(RawMqttClient.puback(id));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(raw.readWithin(500)).as("nothing more: 'other/room/deeper' is not matched by '+/+'").isNull();
            List<String> all = new ArrayList<>(expected);
            all.add("x");
            assertThat(received).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    private static int packetIdOf5(Packet publish) {
        byte[] b = publish.body();
        int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        return ((b[2 + topicLength] & 0xFF) << 8) | (b[3 + topicLength] & 0xFF);
    }

    private static String payloadOf5(Packet publish) {
        byte[] b = publish.body();
        int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        int at = 4 + topicLength;
        int propertiesLength = 0;
        int multiplier = 1;
        int digit;
        do {
            digit = b[at++] & 0xFF;
            propertiesLength += (digit & 0x7F) * multiplier;
            multiplier *= 128;
        } while ((digit & 0x80) != 0);
        at += propertiesLength;
        return new String(Arrays.copyOfRange(b, at, b.length), StandardCharsets.UTF_8);
    }
}
