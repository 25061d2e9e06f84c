package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Jakarta Messaging 3.1, 3.8.1.1: selectors compare by the property's type. Qpid JMS sends int, long, double,
 * float, short, byte, boolean and String properties as typed AMQP application-properties; the broker keeps their
 * types in the store, so numeric and boolean comparisons select exactly the messages they should, on topics and
 * queues, and JMSPriority compares as an int.
 */
class AmqpTypedSelectorIT {

    private static final int COUNT = 10;

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Session session() throws JMSException {
        return AmqpBrokers.startedConnection(broker).createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** m0..m9: count = i, big = i × 5,000,000,000, price = i + 0.5, ratio = i / 4 (float), flag = i % 3 == 0. */
    private static void sendAll(Session session, MessageProducer producer, jakarta.jms.Destination to)
            throws JMSException {
        for (int i = 0; i < COUNT; i++) {
            TextMessage message = session.createTextMessage("m" + i);
            message.setIntProperty("count", i);
            message.setLongProperty("big", i * 5_000_000_000L);
            message.setDoubleProperty("price", i + 0.5);
            message.setFloatProperty("ratio", i / 4f);
            message.setShortProperty("small", (short) (i * 100));
            message.setByteProperty("tiny", (byte) -i);
            message.setBooleanProperty("flag", i % 3 == 0);
            message.setStringProperty("color", i % 2 == 0 ? "red" : "blue");
            message.setStringProperty("digits", Integer.toString(i));
            producer.send(to, message, DeliveryMode.PERSISTENT, i, 0);
        }
    }

    /** Receives until 500 ms pass without a message: everything the consumer is given, in order. */
    private static List<String> drain(MessageConsumer consumer) throws JMSException {
        List<String> received = new ArrayList<>();
        Message message = consumer.receive(10_000);
        while (message != null) {
            received.add(((TextMessage) message).getText());
            message = consumer.receive(500);
        }
        return received;
    }

    @Test
    void topicSubscribersWithTypedSelectorsGetExactlyTheMatchingMessages() throws Exception {
        Session session = session();
        Topic topic = session.createTopic("typed.prices");
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("count > 5", List.of("m6", "m7", "m8", "m9"));
        expected.put("count = 3", List.of("m3"));
        expected.put("big >= 40000000000", List.of("m8", "m9"));
        expected.put("price < 2.5", List.of("m0", "m1"));
        expected.put("price BETWEEN 3 AND 5", List.of("m3", "m4"));
        expected.put("ratio = 0.5", List.of("m2"));
        expected.put("small > 650 OR tiny < -8", List.of("m7", "m8", "m9"));
        expected.put("flag = TRUE", List.of("m0", "m3", "m6", "m9"));
        expected.put("NOT flag", List.of("m1", "m2", "m4", "m5", "m7", "m8"));
        expected.put("color = 'red' AND count BETWEEN 2 AND 4", List.of("m2", "m4"));
        expected.put("color IN ('blue') AND count <> 1", List.of("m3", "m5", "m7", "m9"));
        expected.put("digits = '7'", List.of("m7"));
        expected.put("digits > 5", List.of()); // a String compared with a number: never TRUE (3.8.1.1)
        expected.put("JMSPriority > 6", List.of("m7", "m8", "m9"));
        expected.put("JMSPriority = 4", List.of("m4"));
        Map<String, MessageConsumer> consumers = new LinkedHashMap<>();
        for (String selector : expected.keySet()) {
            consumers.put(selector, session.createConsumer(topic, selector));
        }
        MessageConsumer all = session.createConsumer(topic);
        sendAll(session, session.createProducer(null), topic);

        assertThat(drain(all)).as("no selector").hasSize(COUNT);
        for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
            MessageConsumer consumer = consumers.get(entry.getKey());
            List<String> received = new ArrayList<>();
            Message message = consumer.receive(entry.getValue().isEmpty() ? 300 : 10_000);
            while (message != null) {
                received.add(((TextMessage) message).getText());
                message = consumer.receive(300);
            }
            assertThat(received).as("selector %s", entry.getKey()).containsExactlyElementsOf(entry.getValue());
        }
    }

    @Test
    void aQueueConsumerWithANumericSelectorGetsTheMatchingMessagesWithTheirTypes() throws Exception {
        Session session = session();
        Queue queue = session.createQueue("typed.orders");
        sendAll(session, session.createProducer(null), queue);
        MessageConsumer consumer = session.createConsumer(queue, "count >= 7 AND price > 7.0 AND flag = FALSE");
        Message first = consumer.receive(10_000);
        assertThat(first).isNotNull();
        assertThat(((TextMessage) first).getText()).isEqualTo("m7");
        // the AMQP consumer gets the producer's bare message: the properties keep their types
        assertThat(first.getObjectProperty("count")).isEqualTo(7);
        assertThat(first.getObjectProperty("big")).isEqualTo(35_000_000_000L);
        assertThat(first.getObjectProperty("price")).isEqualTo(7.5);
        assertThat(first.getObjectProperty("flag")).isEqualTo(false);
        assertThat(first.getJMSPriority()).isEqualTo(7);
        assertThat(drain(consumer)).containsExactly("m8");
    }

    /**
     * Jakarta Messaging 3.1, 4.4.1: receivers of one queue with different selectors each get what their selector
     * matches, and what neither matches stays on the queue for a receiver that does.
     */
    @Test
    void receiversOfOneQueueWithDifferentSelectorsEachGetTheirOwnAndTheRestStays() throws Exception {
        Session session = session();
        Queue queue = session.createQueue("typed.shared-queue");
        MessageConsumer small = session.createConsumer(queue, "count < 3");
        MessageConsumer large = session.createConsumer(queue, "count > 6");
        sendAll(session, session.createProducer(null), queue);
        assertThat(drain(small)).containsExactly("m0", "m1", "m2");
        assertThat(drain(large)).containsExactly("m7", "m8", "m9");
        small.close();
        large.close();
        MessageConsumer rest = session.createConsumer(queue);
        assertThat(drain(rest)).as("m3..m6 stayed on the queue, once each")
                .containsExactlyInAnyOrder("m3", "m4", "m5", "m6");
        rest.close();
    }

    /** Jakarta Messaging 3.1, 8.3.2: a shared subscription's active consumers all have its selector. */
    @Test
    void aSharedSubscriptionRefusesAConsumerWithAnotherSelectorWhileItHasConsumers() throws Exception {
        Connection connection = AmqpBrokers.startedConnection(broker);
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Topic topic = session.createTopic("typed.shared-topic");
        MessageConsumer red = session.createSharedConsumer(topic, "colors", "color = 'red'");
        // another connection: Qpid JMS itself refuses a mismatch on the connection that holds the subscription
        Session other = AmqpBrokers.startedConnection(broker).createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> other.createSharedConsumer(topic, "colors", "color = 'blue'"))
                .isInstanceOf(JMSException.class)
                .hasMessageContaining("color = 'red'").hasMessageContaining("color = 'blue'");
        sendAll(session, session.createProducer(null), topic);
        assertThat(drain(red)).containsExactly("m0", "m2", "m4", "m6", "m8");
        red.close();
    }
}
