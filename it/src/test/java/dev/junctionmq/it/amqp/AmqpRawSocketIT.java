package dev.junctionmq.it.amqp;

import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile and broken input on raw sockets (AMQP 1.0 part 2, 2.2 and 2.3): each offender is answered and closed,
 * while a healthy Qpid JMS client on the same broker keeps sending and receiving.
 */
class AmqpRawSocketIT {

    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Session session;
    private MessageProducer producer;
    private MessageConsumer consumer;
    private int exchanged;

    @BeforeEach
    void start() throws JMSException {
        session = AmqpBrokers.startedConnection(broker).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("healthy");
        producer = session.createProducer(queue);
        consumer = session.createConsumer(queue);
        assertHealthyClientWorks();
    }

    private void assertHealthyClientWorks() throws JMSException {
        String text = "ping-" + (++exchanged);
        producer.send(session.createTextMessage(text));
        TextMessage received = (TextMessage) consumer.receive(10_000);
        assertThat(received).isNotNull();
        assertThat(received.getText()).isEqualTo(text);
    }

    private ProtonSocketClient raw() throws Exception {
        return new ProtonSocketClient(AmqpBrokers.amqpAddress(broker.broker()));
    }

    @Test
    void aWrongProtocolHeaderIsAnsweredWithTheSupportedOneThenClosed() throws Exception {
        try (ProtonSocketClient client = raw()) {
            client.writeRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(client.readRaw(8)).isEqualTo(AMQP_HEADER);
            assertThat(client.awaitEof(5_000)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void anUnsupportedVersionIsAnsweredWithTheSupportedOneThenClosed() throws Exception {
        try (ProtonSocketClient client = raw()) {
            client.writeRaw(new byte[] {'A', 'M', 'Q', 'P', 0, 2, 0, 0});
            assertThat(client.readRaw(8)).isEqualTo(AMQP_HEADER);
            assertThat(client.awaitEof(5_000)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void anOversizedFrameAfterOpenClosesWithAFramingError() throws Exception {
        try (ProtonSocketClient client = raw()) {
            client.handshake();
            // declares a 2 GiB frame: refused by its size, before any of it is buffered
            client.writeRaw(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 2, 0, 0, 0});
            assertThat(client.awaitEof(5_000)).isTrue();
            ErrorCondition condition = client.remoteCondition();
            assertThat(condition).isNotNull();
            assertThat(condition.getCondition().toString()).isEqualTo("amqp:connection:framing-error");
            assertThat(condition.getDescription()).contains("exceeds the maximum frame size");
        }
        assertHealthyClientWorks();
    }

    @Test
    void aMultiFrameTransferPastTheSizeLimitClosesTheLinkWhileItStreams() throws Exception {
        org.apache.qpid.proton.message.Message message = org.apache.qpid.proton.Proton.message();
        message.setBody(new org.apache.qpid.proton.amqp.messaging.Data(
                new org.apache.qpid.proton.amqp.Binary(new byte[4 * AmqpBrokers.MAX_MESSAGE_SIZE])));
        byte[] buffer = new byte[5 * AmqpBrokers.MAX_MESSAGE_SIZE];
        byte[] encoded = java.util.Arrays.copyOf(buffer, message.encode(buffer, 0, buffer.length));
        try (ProtonSocketClient client = raw()) {
            client.handshake();
            org.apache.qpid.proton.engine.Sender sender = client.sendMessage("huge", encoded);
            assertThat(sender.getRemoteCondition()).isNotNull();
            assertThat(sender.getRemoteCondition().getCondition().toString())
                    .isEqualTo("amqp:link:message-size-exceeded");
            assertThat(sender.getRemoteCondition().getDescription()).contains("maximum message size");
        }
        assertHealthyClientWorks();
    }

    /** AMQP 1.0 part 2, 2.6.7: a sender may not transfer without link credit; the broker sends exactly the credit. */
    @Test
    void noCreditNoTransferAndExactlyTheCreditGiven() throws Exception {
        MessageProducer credited = session.createProducer(session.createQueue("credited"));
        for (int i = 0; i < 5; i++) {
            credited.send(session.createTextMessage("c" + i));
        }
        try (ProtonSocketClient client = raw()) {
            client.handshake();
            org.apache.qpid.proton.engine.Receiver receiver = client.receiver("credited");
            client.pumpFor(500, () -> receiver.getQueued() > 0);
            assertThat(receiver.getQueued()).as("transfers without credit").isZero();
            receiver.flow(2);
            client.pumpFor(5_000, () -> receiver.getQueued() >= 2);
            client.pumpFor(500, () -> receiver.getQueued() > 2);
            assertThat(receiver.getQueued()).as("transfers for a credit of 2").isEqualTo(2);
        }
        assertHealthyClientWorks();
    }

    /**
     * AMQP 1.0 part 3, 3.4: released gives the message back uncounted; rejected and modified(delivery-failed) count
     * a failed attempt (header delivery-count, Qpid JMS's JMSRedelivered); accepted consumes it.
     */
    @Test
    void outcomesMapToReleaseRejectAndAck() throws Exception {
        session.createProducer(session.createQueue("outcomes")).send(session.createTextMessage("judged"));
        try (ProtonSocketClient client = raw()) {
            client.handshake();
            org.apache.qpid.proton.engine.Receiver receiver = client.receiver("outcomes");
            org.apache.qpid.proton.message.Message message = org.apache.qpid.proton.Proton.message();

            org.apache.qpid.proton.engine.Delivery first = client.receiveOne(receiver, message);
            assertThat(deliveryCount(message)).isZero();
            client.settle(first, org.apache.qpid.proton.amqp.messaging.Released.getInstance());

            org.apache.qpid.proton.engine.Delivery second = client.receiveOne(receiver, message);
            assertThat(deliveryCount(message)).as("released is not a failed attempt").isZero();
            client.settle(second, new org.apache.qpid.proton.amqp.messaging.Rejected());

            org.apache.qpid.proton.engine.Delivery third = client.receiveOne(receiver, message);
            assertThat(deliveryCount(message)).as("rejected is a failed attempt").isEqualTo(1);
            org.apache.qpid.proton.amqp.messaging.Modified failed = new org.apache.qpid.proton.amqp.messaging.Modified();
            failed.setDeliveryFailed(true);
            client.settle(third, failed);

            org.apache.qpid.proton.engine.Delivery fourth = client.receiveOne(receiver, message);
            assertThat(deliveryCount(message)).as("modified(delivery-failed) is a failed attempt").isEqualTo(2);
            assertThat(((org.apache.qpid.proton.amqp.messaging.AmqpValue) message.getBody()).getValue())
                    .isEqualTo("judged");
            client.settle(fourth, org.apache.qpid.proton.amqp.messaging.Accepted.getInstance());
        }
        MessageConsumer after = session.createConsumer(session.createQueue("outcomes"));
        assertThat(after.receive(500)).as("accepted: consumed").isNull();
        assertHealthyClientWorks();
    }

    private static long deliveryCount(org.apache.qpid.proton.message.Message message) {
        return message.getHeader() == null || message.getHeader().getDeliveryCount() == null ? 0
                : message.getHeader().getDeliveryCount().longValue();
    }

    @Test
    void anUndecodableFrameClosesTheConnectionWithAnError() throws Exception {
        try (ProtonSocketClient client = raw()) {
            client.handshake();
            byte[] frame = {0, 0, 0, 16, 2, 0, 0, 0, 0x00, 0x53, 0x77, (byte) 0xEE, (byte) 0xEE, (byte) 0xEE, 1, 2};
            client.writeRaw(frame);
            assertThat(client.awaitEof(5_000)).isTrue();
            ErrorCondition condition = client.remoteCondition();
            assertThat(condition).isNotNull();
            assertThat(condition.getCondition().toString()).isIn("amqp:decode-error",
                    "amqp:connection:framing-error");
        }
        assertHealthyClientWorks();
    }

    @Test
    void anOversizedSaslFrameIsRefusedBeforeBuffering() throws Exception {
        try (ProtonSocketClient client = raw()) {
            client.writeRaw(new byte[] {'A', 'M', 'Q', 'P', 3, 1, 0, 0, 0x10, 0, 0, 0, 2, 1, 0, 0});
            assertThat(client.awaitEof(5_000)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void randomBytesAfterTheSaslHeaderCloseTheConnection() throws Exception {
        byte[] garbage = new byte[4096];
        new Random(42).nextBytes(garbage);
        try (ProtonSocketClient client = raw()) {
            client.writeRaw(new byte[] {'A', 'M', 'Q', 'P', 3, 1, 0, 0});
            client.writeRaw(garbage);
            assertThat(client.awaitEof(5_000)).isTrue();
        }
        assertHealthyClientWorks();
    }

    @Test
    void aSilentConnectionIsClosedAfterTheHandshakeTimeout() throws Exception {
        long start = System.currentTimeMillis();
        try (ProtonSocketClient client = raw()) {
            assertThat(client.awaitEof(5_000)).isTrue(); // network.handshakeTimeoutMs is 1000 here
        }
        assertThat(System.currentTimeMillis() - start).isGreaterThanOrEqualTo(900);
        assertHealthyClientWorks();
    }

    @Test
    void aHalfFinishedHandshakeIsClosedAfterTheTimeoutToo() throws Exception {
        try (ProtonSocketClient client = raw()) {
            client.writeRaw(new byte[] {'A', 'M', 'Q', 'P', 3, 1, 0, 0}); // then nothing
            assertThat(client.awaitEof(5_000)).isTrue();
        }
        assertHealthyClientWorks();
    }

    /**
     * AMQP 1.0 part 2, 2.4.5: with amqp.idleTimeoutMs a peer that sends nothing (not even empty frames) is closed
     * with amqp:resource-limit-exceeded, while Qpid JMS, which heart-beats at half the advertised timeout, stays.
     */
    @Test
    void idlePeersAreClosedAndHeartBeatingClientsStay() throws Exception {
        try (Broker idleBroker = Broker.start(AmqpBrokers.config(broker.directory().resolve("idle"))
                .with("amqp.idleTimeoutMs", "600"))) {
            Connection beating = AmqpBrokers.factory(idleBroker).createConnection();
            try {
                beating.start();
                try (ProtonSocketClient silent = new ProtonSocketClient(AmqpBrokers.amqpAddress(idleBroker))) {
                    silent.handshake();
                    assertThat(silent.awaitEof(5_000)).isTrue();
                    assertThat(silent.remoteCondition()).isNotNull();
                    assertThat(silent.remoteCondition().getCondition().toString())
                            .isEqualTo("amqp:resource-limit-exceeded");
                }
                long quietUntil = System.currentTimeMillis() + 2_000;
                org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                        .until(() -> System.currentTimeMillis() > quietUntil);
                Session beatingSession = beating.createSession(false, Session.AUTO_ACKNOWLEDGE);
                Queue queue = beatingSession.createQueue("after-idle");
                beatingSession.createProducer(queue).send(beatingSession.createTextMessage("still here"));
                TextMessage received = (TextMessage) beatingSession.createConsumer(queue).receive(10_000);
                assertThat(received.getText()).isEqualTo("still here");
            } finally {
                beating.close();
            }
        }
        assertHealthyClientWorks();
    }
}
