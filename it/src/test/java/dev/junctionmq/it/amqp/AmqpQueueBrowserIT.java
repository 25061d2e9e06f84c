package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A QueueBrowser (Jakarta Messaging 3.1, 4.1.7; AMQP distribution-mode copy) shows what is still in the queue for
 * its consumers: not the messages they acknowledged, but those delivered and not yet acknowledged (as ActiveMQ
 * Artemis and ActiveMQ Classic do); and browsing consumes nothing.
 */
class AmqpQueueBrowserIT {

    /** Qpid JMS's INDIVIDUAL_ACKNOWLEDGE session mode (its documented value; the constant is not public). */
    private static final int INDIVIDUAL_ACKNOWLEDGE = 101;

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Connection connect(String query) throws JMSException {
        return query == null ? AmqpBrokers.startedConnection(broker) : AmqpBrokers.startedConnection(broker, query);
    }

    private static void send(Session session, Queue queue, int count) throws JMSException {
        MessageProducer producer = session.createProducer(queue);
        for (int i = 0; i < count; i++) {
            TextMessage message = session.createTextMessage("m" + i);
            message.setIntProperty("n", i);
            producer.send(message);
        }
        producer.close();
    }

    private static List<String> browse(Session session, Queue queue, String selector) throws JMSException {
        QueueBrowser browser = selector == null ? session.createBrowser(queue) : session.createBrowser(queue, selector);
        List<String> browsed = new ArrayList<>();
        Enumeration<?> enumeration = browser.getEnumeration();
        while (enumeration.hasMoreElements()) {
            browsed.add(((TextMessage) enumeration.nextElement()).getText());
        }
        browser.close();
        return browsed;
    }

    private static String text(Message message) throws JMSException {
        assertThat(message).isNotNull();
        return ((TextMessage) message).getText();
    }

    @Test
    void aBrowserDoesNotShowConsumedMessagesAndConsumesNothing() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browse.consumed");
        send(session, queue, 10);
        // without prefetch the consumer takes exactly the four messages it receives
        Session consuming = connect("jms.prefetchPolicy.all=0").createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer first = consuming.createConsumer(queue);
        for (int i = 0; i < 4; i++) {
            assertThat(text(first.receive(10_000))).isEqualTo("m" + i);
        }
        first.close();

        assertThat(browse(session, queue, null)).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
        assertThat(browse(session, queue, "n > 6")).as("with a typed selector").containsExactly("m7", "m8", "m9");
        assertThat(browse(session, queue, null)).as("browsing twice changes nothing")
                .containsExactly("m4", "m5", "m6", "m7", "m8", "m9");

        MessageConsumer second = session.createConsumer(queue);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            received.add(text(second.receive(10_000)));
        }
        assertThat(received).containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
        assertThat(second.receive(300)).as("nothing more, nothing twice").isNull();
        await().atMost(Duration.ofSeconds(10)).until(() -> browse(session, queue, null).isEmpty());
    }

    @Test
    void deliveredButUnacknowledgedMessagesAreShownAcknowledgedOnesAreNot() throws Exception {
        Session session = connect(null).createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("browse.individual");
        send(session, queue, 10);
        // Qpid JMS individual acknowledgement with the default prefetch: all ten are delivered to this consumer
        Connection consumerConnection = connect(null);
        Session consuming = consumerConnection.createSession(false, INDIVIDUAL_ACKNOWLEDGE);
        MessageConsumer consumer = consuming.createConsumer(queue);
        List<Message> delivered = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Message message = consumer.receive(10_000);
            assertThat(text(message)).isEqualTo("m" + i);
            delivered.add(message);
        }
        for (int i : new int[] {0, 1, 3, 5}) {
            delivered.get(i).acknowledge();
        }
        List<String> expected = List.of("m2", "m4", "m6", "m7", "m8", "m9");
        await().atMost(Duration.ofSeconds(10)).until(() -> browse(session, queue, null).equals(expected));

        consumerConnection.close(); // the six unacknowledged messages go back to the queue
        // the group has no consumer now; its acknowledgements beyond m2 are kept for the next one
        await().atMost(Duration.ofSeconds(10)).until(() -> browse(session, queue, null).equals(expected));
        MessageConsumer next = session.createConsumer(queue);
        List<String> received = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            received.add(text(next.receive(10_000)));
        }
        assertThat(received).containsExactlyElementsOf(expected);
        assertThat(next.receive(300)).isNull();
    }
}
