package dev.junctionmq.it.stomp;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.qpid.jms.JmsConnectionFactory;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@link JavaMessagingPeer} on standard JMS code: Apache Qpid JMS over the broker's AMQP 1.0 listener. Sends are
 * {@link BytesMessage}s (their bytes reach STOMP clients unchanged); a received {@link TextMessage} is turned back
 * into its UTF-8 bytes, a {@link BytesMessage} read as is.
 */
final class QpidJmsPeer implements JavaMessagingPeer {

    private final Connection connection;
    private final Session session;
    private MessageConsumer consumer;

    QpidJmsPeer(InetSocketAddress amqpAddress) {
        String uri = "amqp://" + amqpAddress.getHostString() + ":" + amqpAddress.getPort()
                + "?jms.requestTimeout=15000&jms.connectTimeout=15000";
        try {
            connection = new JmsConnectionFactory(uri).createConnection();
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            connection.start();
        } catch (JMSException e) {
            throw new IllegalStateException("cannot connect Qpid JMS to " + uri, e);
        }
    }

    @Override
    public void listenOnQueue(String queue) {
        try {
            // createConsumer returns once the broker has attached the receiving link
            consumer = session.createConsumer(session.createQueue(queue));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot consume from queue " + queue, e);
        }
    }

    @Override
    public void publishToTopic(String topic, byte[] body) {
        try (MessageProducer producer = session.createProducer(session.createTopic(topic))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            producer.send(message); // persistent: returns once the broker has accepted it
        } catch (JMSException e) {
            throw new IllegalStateException("cannot send to topic " + topic, e);
        }
    }

    @Override
    public byte[] nextFromQueue(Duration timeout) {
        try {
            Message message = consumer.receive(Math.max(1, timeout.toMillis()));
            if (message == null) {
                return null;
            }
            if (message instanceof TextMessage text) {
                return text.getText().getBytes(StandardCharsets.UTF_8);
            }
            return message.getBody(byte[].class);
        } catch (JMSException e) {
            throw new IllegalStateException("cannot receive", e);
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (JMSException e) {
            throw new IllegalStateException("cannot close the Qpid JMS connection", e);
        }
    }
}
