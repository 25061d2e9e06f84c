package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.BrokerProcess;
import dev.junctionmq.it.mqtt.MqttSessionStateIT.Publish;
import dev.junctionmq.it.mqtt.RawMqttClient.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MQTT 3.1.1 §4.3.3 (QoS 2, exactly once) across a broker crash: the broker runs in a child JVM killed with
 * SIGKILL (no shutdown, nothing saved at close), then starts again on the same data directory. Outbound, a message
 * the client holds without having answered PUBREC comes again with DUP and its original packet id [MQTT-4.4.0-1],
 * and a message it has answered is not sent again although its consumer group's offset went back with the crash;
 * inbound, a PUBLISH re-sent after the crash is stored once.
 */
class MqttExactlyOnceCrashIT {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Pattern MQTT_PORT = Pattern.compile("mqtt listening on [^:]+:(\\d+)");

    @TempDir
    Path dir;

    private final List<BrokerProcess> brokers = new ArrayList<>();

    @AfterEach
    void stopBrokers() {
        brokers.forEach(BrokerProcess::close);
    }

    /** A broker in a child JVM on ephemeral ports; returns its MQTT address once it is ready. */
    private InetSocketAddress startBroker(BrokerProcess[] holder) throws IOException {
        BrokerProcess broker = BrokerProcess.start(dir.resolve("data"), List.of("-Djunction.mqtt.port=0",
                "-Djunction.stomp.port=0", "-Djunction.amqp.port=0", "-Djunction.native.port=0",
                "-Djunction.nameserver.embedded=false", "-Djunction.mqtt.websocket.enabled=false"));
        brokers.add(broker);
        holder[0] = broker;
        broker.awaitOutput("Junction is ready", START);
        Matcher port = MQTT_PORT.matcher(broker.output());
        assertThat(port.find()).as("start-up log names the MQTT port:\n" + broker.output()).isTrue();
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1)));
    }

    private static void kill(BrokerProcess broker) throws InterruptedException {
        broker.process().destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
    }

    private static RawMqttClient connect(InetSocketAddress address, String clientId, int expectedSessionPresent)
            throws IOException {
        RawMqttClient raw = new RawMqttClient(address);
        raw.send(RawMqttClient.connect("MQTT", 4, clientId, 0, false));
        Packet connack = raw.read();
        assertThat(connack.type()).as("CONNACK").isEqualTo(2);
        assertThat(connack.body()[0]).as("session present").isEqualTo((byte) expectedSessionPresent);
        assertThat(connack.body()[1]).as("accepted").isZero();
        return raw;
    }

    /** Publishes at QoS 2 with the full flow, each message stored once PUBREC comes. */
    private static void publishQos2(InetSocketAddress address, String topic, String... payloads)
            throws IOException {
        try (RawMqttClient publisher = new RawMqttClient(address)) {
            publisher.send(RawMqttClient.connect("MQTT", 4, "publisher", 0, true));
            assertThat(publisher.read().type()).isEqualTo(2);
            int id = 1;
            for (String payload : payloads) {
                publisher.send(RawMqttClient.publish(topic, 2, id, false, payload.getBytes(StandardCharsets.UTF_8),
                        false));
                assertThat(publisher.read().type()).as("PUBREC").isEqualTo(5);
                publisher.send(RawMqttClient.pubrel(id));
                assertThat(publisher.read().type()).as("PUBCOMP").isEqualTo(7);
                id++;
            }
        }
    }

    /** Receives one QoS 2 PUBLISH and completes its flow (PUBREC, PUBREL, PUBCOMP). */
    private static Publish receiveCompletely(RawMqttClient raw) throws IOException {
        Publish publish = Publish.of(raw.read());
        raw.send(RawMqttClient.pubrec(publish.packetId()));
        Packet pubrel = raw.read();
        assertThat(pubrel.type()).as("PUBREL").isEqualTo(6);
        assertThat(RawMqttClient.packetIdOf(pubrel)).isEqualTo(publish.packetId());
        raw.send(RawMqttClient.pubcomp(publish.packetId()));
        return publish;
    }

    /** Subscribes (packet id 1) and returns the SUBACK. */
    private static Packet subscribe(RawMqttClient client, String filter, int qos) throws IOException {
        client.send(RawMqttClient.subscribe(1, filter, qos, false));
        Packet suback = client.read();
        assertThat(suback.type()).as("SUBACK").isEqualTo(9);
        return suback;
    }

    @Test
    void qos2DeliveriesInFlightAtACrashComeAgainWithTheirPacketIdsAndAnsweredOnesDoNot() throws Exception {
        BrokerProcess[] broker = new BrokerProcess[1];
        InetSocketAddress address = startBroker(broker);
        try (RawMqttClient plant = connect(address, "plant-monitor", 0)) {
            Packet suback = subscribe(plant, "plant/#", 2);
            assertThat(suback.body()[2]).as("granted QoS").isEqualTo((byte) 2);
        }
        Map<String, Integer> held = new LinkedHashMap<>();
        int answeredId;
        try (RawMqttClient plant = connect(address, "plant-monitor", 1)) {
            // three complete flows first, so the ids below are not the 1, 2, 3 a new connection starts at
            for (String warmup : List.of("w1", "w2", "w3")) {
                publishQos2(address, "plant/warmup", warmup);
                assertThat(receiveCompletely(plant).payload()).isEqualTo(warmup);
            }
            publishQos2(address, "plant/boiler", "t1", "t2", "t3", "t4", "t5");
            List<Publish> received = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Publish publish = Publish.of(plant.read());
                assertThat(publish.dup()).isFalse();
                received.add(publish);
            }
            assertThat(received).extracting(Publish::payload).containsExactly("t1", "t2", "t3", "t4", "t5");
            // t1..t3: no PUBREC, the client holds them
            received.subList(0, 3).forEach(p -> held.put(p.payload(), p.packetId()));
            assertThat(held.values()).doesNotContain(1, 2, 3);
            // t4: the whole flow; t5: PUBREC and PUBREL, the crash comes before PUBCOMP
            int completedId = received.get(3).packetId();
            plant.send(RawMqttClient.pubrec(completedId));
            Packet pubrel = plant.read();
            assertThat(pubrel.type()).as("PUBREL").isEqualTo(6);
            assertThat(RawMqttClient.packetIdOf(pubrel)).isEqualTo(completedId);
            plant.send(RawMqttClient.pubcomp(completedId));
            answeredId = received.get(4).packetId();
            plant.send(RawMqttClient.pubrec(answeredId));
            pubrel = plant.read();
            assertThat(pubrel.type()).as("PUBREL").isEqualTo(6);
            assertThat(RawMqttClient.packetIdOf(pubrel)).isEqualTo(answeredId);
            // t1..t3 are unacknowledged, so the group's offset is still before t4 and t5: the restarted broker's
            // engine delivers t1..t5 again whenever it last saved offsets (and w1..w3 too if not since they were
            // acknowledged)
            kill(broker[0]);
        }

        address = startBroker(broker);
        try (RawMqttClient plant = connect(address, "plant-monitor", 1)) {
            List<Publish> publishes = new ArrayList<>();
            List<Integer> pubrels = new ArrayList<>();
            Packet packet;
            while ((packet = plant.readWithin(2_000)) != null) {
                if (packet.type() == 6) {
                    pubrels.add(RawMqttClient.packetIdOf(packet));
                } else {
                    publishes.add(Publish.of(packet));
                }
            }
            assertThat(pubrels).as("PUBREL again for the message awaiting PUBCOMP").containsExactly(answeredId);
            assertThat(publishes).as("the held messages again, DUP, same ids, in order; t4 and t5 not again")
                    .containsExactly(new Publish(true, held.get("t1"), "t1"), new Publish(true, held.get("t2"), "t2"),
                            new Publish(true, held.get("t3"), "t3"));
            plant.send(RawMqttClient.pubcomp(answeredId));
            for (Publish publish : publishes) {
                plant.send(RawMqttClient.pubrec(publish.packetId()));
                Packet pubrel = plant.read();
                assertThat(pubrel.type()).as("PUBREL").isEqualTo(6);
                assertThat(RawMqttClient.packetIdOf(pubrel)).isEqualTo(publish.packetId());
                plant.send(RawMqttClient.pubcomp(publish.packetId()));
            }
            // the session goes on: the next message, once, with an id not in use
            publishQos2(address, "plant/boiler", "t6");
            Publish t6 = receiveCompletely(plant);
            assertThat(t6.payload()).isEqualTo("t6");
            assertThat(t6.dup()).isFalse();
            assertThat(plant.readWithin(500)).as("nothing more").isNull();
        }
    }

    @Test
    void aQos2PublishResentAfterACrashIsStoredOnce() throws Exception {
        BrokerProcess[] broker = new BrokerProcess[1];
        InetSocketAddress address = startBroker(broker);
        try (RawMqttClient reader = connect(address, "order-reader", 0)) {
            subscribe(reader, "orders/#", 1);
        }
        byte[] payload = "order 42".getBytes(StandardCharsets.UTF_8);
        try (RawMqttClient till = connect(address, "till-1", 0)) {
            till.send(RawMqttClient.publish("orders/new", 2, 7, false, payload, false));
            Packet pubrec = till.read();
            assertThat(pubrec.type()).as("PUBREC: stored, id 7 remembered").isEqualTo(5);
            kill(broker[0]); // before the client could send PUBREL
        }

        address = startBroker(broker);
        try (RawMqttClient till = connect(address, "till-1", 1)) {
            // the client does not know whether PUBREC came before the crash: it sends the PUBLISH again, with DUP
            till.send(RawMqttClient.publish("orders/new", 2, 7, true, payload, false));
            assertThat(till.read().type()).as("PUBREC").isEqualTo(5);
            till.send(RawMqttClient.pubrel(7));
            Packet pubcomp = till.read();
            assertThat(pubcomp.type()).as("PUBCOMP").isEqualTo(7);
            assertThat(RawMqttClient.packetIdOf(pubcomp)).isEqualTo(7);
        }
        try (RawMqttClient reader = connect(address, "order-reader", 1)) {
            Publish publish = Publish.of(reader.read());
            assertThat(publish.payload()).isEqualTo("order 42");
            reader.send(RawMqttClient.puback(publish.packetId()));
            assertThat(reader.readWithin(1_000)).as("stored once").isNull();
        }
    }
}
