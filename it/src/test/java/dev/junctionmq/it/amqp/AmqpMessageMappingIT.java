package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Message mapping with Apache Qpid JMS: the five JMS body types, headers and typed properties survive the round
 * trip through the store; expiry and delivery delay are honoured.
 */
class AmqpMessageMappingIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Session session;

    @BeforeEach
    void start() throws JMSException {
        Connection connection = AmqpBrokers.startedConnection(broker,
                "jms.deserializationPolicy.allowList=java.util,java.lang");
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private Message roundTrip(String queueName, Message message) throws JMSException {
        Queue queue = session.createQueue(queueName);
        session.createProducer(queue).send(message);
        MessageConsumer consumer = session.createConsumer(queue);
        Message received = consumer.receive(10_000);
        consumer.close();
        assertThat(received).isNotNull();
        return received;
    }

    @Test
    void textMessage() throws Exception {
        TextMessage received = (TextMessage) roundTrip("text", session.createTextMessage("héllo wörld ✓"));
        assertThat(received.getText()).isEqualTo("héllo wörld ✓");
    }

    @Test
    void bytesMessageKeepsEveryByte() throws Exception {
        byte[] payload = new byte[70_000]; // larger than one frame (64 KiB): a multi-frame transfer both ways
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 31);
        }
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(payload);
        BytesMessage received = (BytesMessage) roundTrip("bytes", message);
        byte[] read = new byte[(int) received.getBodyLength()];
        received.readBytes(read);
        assertThat(read).isEqualTo(payload);
    }

    @Test
    void mapMessage() throws Exception {
        MapMessage message = session.createMapMessage();
        message.setString("name", "widget");
        message.setInt("count", 42);
        message.setDouble("price", 9.5);
        message.setBoolean("inStock", true);
        message.setBytes("code", new byte[] {1, 2, 3});
        MapMessage received = (MapMessage) roundTrip("map", message);
        assertThat(received.getString("name")).isEqualTo("widget");
        assertThat(received.getInt("count")).isEqualTo(42);
        assertThat(received.getDouble("price")).isEqualTo(9.5);
        assertThat(received.getBoolean("inStock")).isTrue();
        assertThat(received.getBytes("code")).containsExactly(1, 2, 3);
    }

    @Test
    void streamMessage() throws Exception {
        StreamMessage message = session.createStreamMessage();
        message.writeString("first");
        message.writeLong(7L);
        message.writeBoolean(false);
        StreamMessage received = (StreamMessage) roundTrip("stream", message);
        assertThat(received.readString()).isEqualTo("first");
        assertThat(received.readLong()).isEqualTo(7L);
        assertThat(received.readBoolean()).isFalse();
    }

    @Test
    void objectMessage() throws Exception {
        ArrayList<String> list = new ArrayList<>(List.of("a", "b", "c"));
        ObjectMessage received = (ObjectMessage) roundTrip("object", session.createObjectMessage(list));
        assertThat(received.getObject()).isEqualTo(list);
    }

    @Test
    void headersAndTypedPropertiesRoundTrip() throws Exception {
        Queue replyTo = session.createQueue("replies");
        TextMessage message = session.createTextMessage("with headers");
        message.setJMSCorrelationID("corr-1");
        message.setJMSType("order.created");
        message.setJMSReplyTo(replyTo);
        message.setStringProperty("s", "text");
        message.setIntProperty("i", 12);
        message.setLongProperty("l", 1L << 40);
        message.setBooleanProperty("b", true);
        message.setDoubleProperty("d", 2.5);
        message.setShortProperty("sh", (short) 3);
        message.setByteProperty("by", (byte) 4);
        message.setStringProperty("TAGS", "tagA");
        Queue queue = session.createQueue("headers");
        MessageProducer producer = session.createProducer(queue);
        producer.setPriority(7);
        producer.setTimeToLive(60_000);
        producer.send(message);
        Message received = session.createConsumer(queue).receive(10_000);
        assertThat(received).isNotNull();
        assertThat(received.getJMSMessageID()).isEqualTo(message.getJMSMessageID());
        assertThat(received.getJMSCorrelationID()).isEqualTo("corr-1");
        assertThat(received.getJMSType()).isEqualTo("order.created");
        assertThat(received.getJMSReplyTo()).isEqualTo(replyTo);
        assertThat(received.getJMSPriority()).isEqualTo(7);
        assertThat(received.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
        assertThat(received.getJMSExpiration()).isEqualTo(message.getJMSExpiration()).isGreaterThan(0);
        assertThat(received.getJMSTimestamp()).isEqualTo(message.getJMSTimestamp());
        assertThat(received.getJMSRedelivered()).isFalse();
        assertThat(received.getObjectProperty("s")).isEqualTo("text");
        assertThat(received.getObjectProperty("i")).isEqualTo(12);
        assertThat(received.getObjectProperty("l")).isEqualTo(1L << 40);
        assertThat(received.getObjectProperty("b")).isEqualTo(true);
        assertThat(received.getObjectProperty("d")).isEqualTo(2.5);
        assertThat(received.getObjectProperty("sh")).isEqualTo((short) 3);
        assertThat(received.getObjectProperty("by")).isEqualTo((byte) 4);
        assertThat(received.getStringProperty("TAGS")).isEqualTo("tagA");
        assertThat(((TextMessage) received).getText()).isEqualTo("with headers");
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        Queue queue = session.createQueue("expiring");
        MessageProducer producer = session.createProducer(queue);
        producer.setTimeToLive(200);
        long sentAt = System.currentTimeMillis();
        producer.send(session.createTextMessage("short-lived"));
        producer.setTimeToLive(0);
        producer.send(session.createTextMessage("lasting"));
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > sentAt + 400);
        MessageConsumer consumer = session.createConsumer(queue);
        TextMessage received = (TextMessage) consumer.receive(10_000);
        assertThat(received.getText()).isEqualTo("lasting");
        assertThat(consumer.receive(300)).isNull();
    }

    @Test
    void deliveryDelayHoldsTheMessageBack() throws Exception {
        Queue queue = session.createQueue("delayed");
        MessageConsumer consumer = session.createConsumer(queue);
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryDelay(1500);
        long sentAt = System.currentTimeMillis();
        producer.send(session.createTextMessage("later"));
        assertThat(consumer.receive(500)).isNull();
        TextMessage received = (TextMessage) consumer.receive(10_000);
        assertThat(received).isNotNull();
        assertThat(received.getText()).isEqualTo("later");
        assertThat(System.currentTimeMillis() - sentAt).isGreaterThanOrEqualTo(1400);
    }
}
