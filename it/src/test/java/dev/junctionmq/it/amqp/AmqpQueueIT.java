package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Point to point with Apache Qpid JMS over AMQP 1.0: queues, acknowledgement, temporary queues, browsing. */
class AmqpQueueIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Connection connect() throws JMSException {
        return AmqpBrokers.startedConnection(broker);
    }

    @Test
    void queueSendReceiveInOrder() throws Exception {
        Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("orders");
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 50; i++) {
            producer.send(session.createTextMessage("order-" + i));
        }
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 50; i++) {
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).as("message %d", i).isNotNull();
            assertThat(received.getText()).isEqualTo("order-" + i);
            assertThat(received.getJMSRedelivered()).isFalse();
        }
        assertThat(consumer.receive(300)).isNull();
    }

    /**
     * Qpid JMS without prefetch pulls with a drain (credit 1, drain true): receiveNoWait still gets messages that are
     * stored but not yet read by the engine, one per call and in order, and null once the queue is empty.
     */
    @Test
    void receiveNoWaitWithoutPrefetchGetsStoredMessages() throws Exception {
        Connection connection = AmqpBrokers.startedConnection(broker, "jms.prefetchPolicy.all=0");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("pulled");
        MessageProducer producer = session.createProducer(queue);
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 20; i++) {
            // persistent: stored once send returns, and pulled right after, before the engine has read it
            producer.send(session.createTextMessage("pulled-" + i));
            TextMessage received = (TextMessage) consumer.receiveNoWait();
            assertThat(received).as("message %d", i).isNotNull();
            assertThat(received.getText()).isEqualTo("pulled-" + i);
        }
        assertThat(consumer.receiveNoWait()).isNull();
    }

    /** At most once: Qpid JMS pre-settles its transfers both ways; each message still arrives exactly once here. */
    @Test
    void preSettledTransfersBothWays() throws Exception {
        Connection connection = AmqpBrokers.startedConnection(broker, "jms.presettlePolicy.presettleAll=true");
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("presettled");
        MessageProducer producer = session.createProducer(queue);
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 20; i++) {
            producer.send(session.createTextMessage("p" + i));
        }
        for (int i = 0; i < 20; i++) {
            TextMessage received = (TextMessage) consumer.receive(10_000);
            assertThat(received).as("message %d", i).isNotNull();
            assertThat(received.getText()).isEqualTo("p" + i);
        }
        consumer.close();
        MessageConsumer after = connect().createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        assertThat(after.receive(300)).as("pre-settled deliveries count as consumed").isNull();
    }

    @Test
    void clientAcknowledgeRecoverRedelivers() throws Exception {
        Connection connection = connect();
        Session producerSession = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = producerSession.createQueue("client-ack");
        producerSession.createProducer(queue).send(producerSession.createTextMessage("once more"));
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = session.createConsumer(queue);
        Message first = consumer.receive(10_000);
        assertThat(first).isNotNull();
        assertThat(first.getJMSRedelivered()).isFalse();
        session.recover();
        Message again = consumer.receive(10_000);
        assertThat(again).isNotNull();
        assertThat(((TextMessage) again).getText()).isEqualTo("once more");
        assertThat(again.getJMSRedelivered()).isTrue();
        assertThat(again.getIntProperty("JMSXDeliveryCount")).isGreaterThanOrEqualTo(2);
        again.acknowledge();
        consumer.close();
        assertThat(session.createConsumer(queue).receive(500)).isNull();
    }

    /** Qpid JMS's INDIVIDUAL_ACKNOWLEDGE session mode (its documented value; the constant is not public). */
    private static final int INDIVIDUAL_ACKNOWLEDGE = 101;

    /** Qpid JMS's INDIVIDUAL_ACKNOWLEDGE: each acknowledge() settles that message only. */
    @Test
    void individualAcknowledgeSettlesOnlyTheAcknowledgedMessage() throws Exception {
        Connection connection = connect();
        Session session = connection.createSession(false, INDIVIDUAL_ACKNOWLEDGE);
        Queue queue = session.createQueue("individual");
        MessageProducer producer = session.createProducer(queue);
        for (int i = 1; i <= 3; i++) {
            producer.send(session.createTextMessage("m" + i));
        }
        MessageConsumer consumer = session.createConsumer(queue);
        Message first = consumer.receive(10_000);
        Message second = consumer.receive(10_000);
        Message third = consumer.receive(10_000);
        assertThat(((TextMessage) second).getText()).isEqualTo("m2");
        assertThat(first).isNotNull();
        assertThat(third).isNotNull();
        second.acknowledge();
        session.recover(); // the two unacknowledged ones come back, the acknowledged one does not
        List<String> redelivered = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Message again = consumer.receive(10_000);
            assertThat(again.getJMSRedelivered()).isTrue();
            redelivered.add(((TextMessage) again).getText());
            again.acknowledge();
        }
        assertThat(redelivered).containsExactlyInAnyOrder("m1", "m3");
        assertThat(consumer.receive(300)).isNull();
    }

    @Test
    void unacknowledgedMessagesComeBackAfterTheConsumerCloses() throws Exception {
        Connection connection = connect();
        Session session = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        Queue queue = session.createQueue("held");
        session.createProducer(queue).send(session.createTextMessage("held"));
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(consumer.receive(10_000)).isNotNull();
        connection.close(); // closing it again after the test does nothing
        Session other = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message again = other.createConsumer(queue).receive(10_000);
        assertThat(again).isNotNull();
        assertThat(((TextMessage) again).getText()).isEqualTo("held");
    }

    @Test
    void temporaryQueueRequestReply() throws Exception {
        Session serverSession = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue requests = serverSession.createQueue("requests");
        MessageConsumer server = serverSession.createConsumer(requests);
        MessageProducer replies = serverSession.createProducer(null);
        server.setMessageListener(request -> {
            try {
                TextMessage reply = serverSession.createTextMessage("re: " + ((TextMessage) request).getText());
                reply.setJMSCorrelationID(request.getJMSMessageID());
                replies.send(request.getJMSReplyTo(), reply);
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        Session clientSession = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        TemporaryQueue replyTo = clientSession.createTemporaryQueue();
        MessageConsumer replyConsumer = clientSession.createConsumer(replyTo);
        TextMessage request = clientSession.createTextMessage("hello");
        request.setJMSReplyTo(replyTo);
        clientSession.createProducer(requests).send(request);
        TextMessage reply = (TextMessage) replyConsumer.receive(10_000);
        assertThat(reply).isNotNull();
        assertThat(reply.getText()).isEqualTo("re: hello");
        assertThat(reply.getJMSCorrelationID()).isEqualTo(request.getJMSMessageID());
    }

    @Test
    void queueBrowserSeesMessagesWithoutConsumingThem() throws Exception {
        Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browsed");
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < 5; i++) {
            TextMessage message = session.createTextMessage("m" + i);
            message.setStringProperty("color", i % 2 == 0 ? "red" : "blue");
            producer.send(message);
        }
        QueueBrowser browser = session.createBrowser(queue);
        List<String> browsed = new ArrayList<>();
        Enumeration<?> enumeration = browser.getEnumeration();
        while (enumeration.hasMoreElements()) {
            browsed.add(((TextMessage) enumeration.nextElement()).getText());
        }
        browser.close();
        assertThat(browsed).containsExactly("m0", "m1", "m2", "m3", "m4");
        QueueBrowser red = session.createBrowser(queue, "color = 'red'");
        List<String> reds = new ArrayList<>();
        Enumeration<?> redEnumeration = red.getEnumeration();
        while (redEnumeration.hasMoreElements()) {
            reds.add(((TextMessage) redEnumeration.nextElement()).getText());
        }
        assertThat(reds).containsExactly("m0", "m2", "m4");
        MessageConsumer consumer = session.createConsumer(queue);
        for (int i = 0; i < 5; i++) {
            assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("m" + i);
        }
    }

    @Test
    void nonPersistentAndPersistentBothArrive() throws Exception {
        Session session = connect().createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("modes");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.NON_PERSISTENT);
        producer.send(session.createTextMessage("fast"));
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        producer.send(session.createTextMessage("safe"));
        MessageConsumer consumer = session.createConsumer(queue);
        Message fast = consumer.receive(10_000);
        Message safe = consumer.receive(10_000);
        assertThat(fast.getJMSDeliveryMode()).isEqualTo(DeliveryMode.NON_PERSISTENT);
        assertThat(safe.getJMSDeliveryMode()).isEqualTo(DeliveryMode.PERSISTENT);
    }
}
