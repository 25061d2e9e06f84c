package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.mqtt.RawMqttClient.Packet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed packets and protocol violations over a raw socket: the offending connection is closed (MQTT 5 first
 * gets DISCONNECT with a reason code), and a healthy Paho client on the same broker is served throughout.
 */
class MqttRawSocketIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    InetSocketAddress address;
    PahoV3Client healthySub;
    PahoV3Client healthyPub;
    int healthyRound;

    @BeforeEach
    void start() throws Exception {
        address = MqttBrokers.mqttAddress(broker.broker());
        String uri = MqttBrokers.tcpUri(broker.broker());
        healthySub = broker.closeAfterTest(PahoV3Client.connect(uri, "healthy-sub", true));
        healthySub.client.subscribe("healthy", 1);
        healthyPub = broker.closeAfterTest(PahoV3Client.connect(uri, "healthy-pub", true));
    }

    /** The broker still serves a well-behaved client. */
    void assertHealthyClientServed() throws Exception {
        String text = "still here " + (++healthyRound);
        healthyPub.publish("healthy", text.getBytes(StandardCharsets.UTF_8), 1, false);
        assertThat(healthySub.next(WAIT).text()).isEqualTo(text);
    }

    /** [MQTT-3.1.0-1]: the first packet must be CONNECT. */
    @Test
    void firstPacketNotConnectClosesTheConnection() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(new byte[] {(byte) 0xC0, 0x00}); // PINGREQ
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertHealthyClientServed();
    }

    /** [MQTT-3.1.2-1], [MQTT-3.1.2-2]: a wrong protocol name or level is refused with CONNACK 0x01. */
    @Test
    void badProtocolNameOrLevelRefused() throws Exception {
        for (byte[] connect : new byte[][] {RawMqttClient.connect("MQTX", 4, "c1", 0),
                RawMqttClient.connect("MQTT", 9, "c2", 0)}) {
            try (RawMqttClient raw = new RawMqttClient(address)) {
                raw.send(connect);
                Packet connack = raw.read();
                assertThat(connack.type()).isEqualTo(2);
                assertThat(connack.body()[1]).isEqualTo((byte) 0x01); // unacceptable protocol version
                assertThat(raw.closedByBroker()).isTrue();
            }
        }
        assertHealthyClientServed();
    }

    /** §2.2.3: a remaining length of more than four bytes is malformed. */
    @Test
    void badRemainingLengthClosesTheConnection() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(new byte[] {0x10, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F});
            assertThat(raw.closedByBroker()).isTrue();
        }
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 4, "c3", 0));
            assertThat(raw.read().type()).isEqualTo(2);
            raw.send(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertHealthyClientServed();
    }

    /**
     * A packet declaring more than the maximum packet size is refused by its declared length, before its bytes
     * arrive: MQTT 3.1.1 closes, MQTT 5 sends DISCONNECT 0x95 "packet too large" first.
     */
    @Test
    void oversizedPacketRefusedByItsDeclaredLength() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 4, "big3", 0));
            assertThat(raw.read().type()).isEqualTo(2);
            // declares 100 MB and sends only the topic: the broker must not wait for (or buffer) the rest
            raw.send(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x30, 0x00, 0x01, 'a'});
            assertThat(raw.closedByBroker()).isTrue();
        }
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 5, "big5", 0));
            assertThat(raw.read().type()).isEqualTo(2);
            // topic and (empty) properties: Netty's MQTT 5 decoder reads the variable header, never the body
            raw.send(new byte[] {0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x30, 0x00, 0x01, 'a', 0x00});
            Packet disconnect = raw.read();
            assertThat(disconnect.type()).isEqualTo(14);
            assertThat(disconnect.body()[0]).isEqualTo((byte) 0x95);
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertHealthyClientServed();
    }

    /** [MQTT-3.1.0-2]: a second CONNECT is a protocol violation (MQTT 5: DISCONNECT 0x82). */
    @Test
    void secondConnectIsAProtocolError() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 5, "twice", 0));
            assertThat(raw.read().type()).isEqualTo(2);
            raw.send(RawMqttClient.connect("MQTT", 5, "twice", 0));
            Packet disconnect = raw.read();
            assertThat(disconnect.type()).isEqualTo(14);
            assertThat(disconnect.body()[0]).isEqualTo((byte) 0x82);
        }
        assertHealthyClientServed();
    }

    /** [MQTT-3.3.2-2]: a topic name with wildcards is a protocol violation (MQTT 5: DISCONNECT 0x90). */
    @Test
    void wildcardInPublishTopicCloses() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 4, "wild", 0));
            assertThat(raw.read().type()).isEqualTo(2);
            raw.send(RawMqttClient.publish("a/+/b", 0, 0, false, new byte[] {1}, false));
            assertThat(raw.closedByBroker()).isTrue();
        }
        assertHealthyClientServed();
    }

    /** A connection that sends no CONNECT within the handshake timeout is closed. */
    @Test
    void silentConnectionClosedAfterHandshakeTimeout() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            long start = System.nanoTime();
            assertThat(raw.closedByBroker()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
        assertHealthyClientServed();
    }

    /** [MQTT-3.1.2-24]: silent for 1.5 × keep alive: closed, and the will is published. */
    @Test
    void keepAliveEnforcedAtOneAndAHalfTimes() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 4, "sleepy", 1));
            assertThat(raw.read().type()).isEqualTo(2);
            long start = System.nanoTime();
            assertThat(raw.closedByBroker()).isTrue();
            Duration silent = Duration.ofNanos(System.nanoTime() - start);
            assertThat(silent).isBetween(Duration.ofMillis(1300), Duration.ofMillis(3000));
        }
        assertHealthyClientServed();
    }

    /** §4.3.3: a QoS 2 PUBLISH sent again before PUBREL (DUP) is stored once: exactly once. */
    @Test
    void qos2RetransmissionStoredOnce() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect("MQTT", 4, "qos2", 0));
            assertThat(raw.read().type()).isEqualTo(2);
            byte[] payload = "exactly once".getBytes(StandardCharsets.UTF_8);
            raw.send(RawMqttClient.publish("healthy", 2, 9, false, payload, false));
            Packet pubrec = raw.read();
            assertThat(pubrec.type()).isEqualTo(5);
            raw.send(RawMqttClient.publish("healthy", 2, 9, true, payload, false));
            assertThat(raw.read().type()).isEqualTo(5);
            raw.send(RawMqttClient.pubrel(9));
            Packet pubcomp = raw.read();
            assertThat(pubcomp.type()).isEqualTo(7);
            assertThat(pubcomp.body()).containsExactly(0, 9);
        }
        assertThat(healthySub.next(WAIT).text()).isEqualTo("exactly once");
        assertThat(healthySub.poll(Duration.ofMillis(400))).isNull();
        assertHealthyClientServed();
    }

    /**
     * MQTT 5.0 §4.9 flow control: no more unacknowledged QoS 1 messages than the client's Receive Maximum; each
     * PUBACK lets one more through, none is lost.
     */
    @Test
    void receiveMaximumBoundsUnacknowledgedDeliveries() throws Exception {
        try (RawMqttClient raw = new RawMqttClient(address)) {
            raw.send(RawMqttClient.connect5WithReceiveMaximum("slow-reader", 2));
            assertThat(raw.read().type()).isEqualTo(2);
            raw.send(RawMqttClient.subscribe(1, "flow/#", 1, true));
            assertThat(raw.read().type()).isEqualTo(9); // SUBACK
            for (int i = 0; i < 6; i++) {
                healthyPub.publish("flow/m", ("m" + i).getBytes(StandardCharsets.UTF_8), 1, false);
            }
            List<Integer> ids = new java.util.ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Packet publish = raw.read();
                assertThat(publish.type()).isEqualTo(3);
                ids.add(packetIdOfPublish(publish));
            }
            assertThat(raw.readWithin(500)).as("a third before any PUBACK").isNull();
            int received = 2;
            while (received < 6) {
                raw.send(RawMqttClient.puback(ids.remove(0)));
                Packet publish = raw.read();
                assertThat(publish.type()).isEqualTo(3);
                ids.add(packetIdOfPublish(publish));
                received++;
                assertThat(raw.readWithin(200)).as("still at most 2 unacknowledged").isNull();
            }
        }
        assertHealthyClientServed();
    }

    /** The packet id of an MQTT 5 QoS 1 PUBLISH: after the topic. */
    private static int packetIdOfPublish(Packet publish) {
        byte[] b = publish.body();
        int topicLength = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
        return ((b[2 + topicLength] & 0xFF) << 8) | (b[3 + topicLength] & 0xFF);
    }
}
