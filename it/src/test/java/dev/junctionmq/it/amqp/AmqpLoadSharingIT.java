package dev.junctionmq.it.amqp;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import jakarta.jms.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Competing consumers over Qpid JMS: queue receivers and JMS 2 shared subscriptions split a destination's messages
 * (topics have 4 queues here; the engine spreads a group's queues over its members).
 */
class AmqpLoadSharingIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(
            directory -> AmqpBrokers.config(directory).with(BrokerConfig.DEFAULT_QUEUES, "4"));

    private Session session(String clientId) throws JMSException {
        Connection connection = broker.closeAfterTest(
                AmqpBrokers.factory(broker.broker(), "jms.prefetchPolicy.all=10").createConnection());
        if (clientId != null) {
            connection.setClientID(clientId);
        }
        connection.start();
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Sends {@code count} messages and checks each arrives exactly once, at both consumers together. */
    private static void assertSplit(Session producerSession, Destination destination, MessageConsumer a,
                                    MessageConsumer b, int count) throws JMSException {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        List<String> atA = new CopyOnWriteArrayList<>();
        List<String> atB = new CopyOnWriteArrayList<>();
        a.setMessageListener(m -> record(m, atA, seen));
        b.setMessageListener(m -> record(m, atB, seen));
        MessageProducer producer = producerSession.createProducer(destination);
        for (int i = 0; i < count; i++) {
            producer.send(producerSession.createTextMessage("m" + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> atA.size() + atB.size() >= count);
        assertThat(atA.size() + atB.size()).isEqualTo(count);
        assertThat(seen).hasSize(count).allSatisfy((text, times) -> assertThat(times).isEqualTo(1));
        assertThat(atA).isNotEmpty();
        assertThat(atB).isNotEmpty();
    }

    private static void record(jakarta.jms.Message message, List<String> into, Map<String, Integer> seen) {
        try {
            String text = ((TextMessage) message).getText();
            into.add(text);
            seen.merge(text, 1, Integer::sum);
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void queueReceiversShareTheQueue() throws Exception {
        Session producer = session(null);
        Destination queue = producer.createQueue("jobs");
        MessageConsumer a = session(null).createConsumer(queue);
        MessageConsumer b = session(null).createConsumer(queue);
        assertSplit(producer, queue, a, b, 200);
    }

    @Test
    void sharedDurableSubscriptionSplitsLoad() throws Exception {
        Session producer = session(null);
        Topic topic = producer.createTopic("events");
        MessageConsumer a = session(null).createSharedDurableConsumer(topic, "workers");
        MessageConsumer b = session(null).createSharedDurableConsumer(topic, "workers");
        assertSplit(producer, topic, a, b, 200);
    }

    @Test
    void sharedNonDurableSubscriptionSplitsLoadAndOthersStillGetEverything() throws Exception {
        Session producer = session(null);
        Topic topic = producer.createTopic("ticks");
        Session observerSession = session(null);
        MessageConsumer observer = observerSession.createConsumer(topic);
        MessageConsumer a = session(null).createSharedConsumer(topic, "pool");
        MessageConsumer b = session(null).createSharedConsumer(topic, "pool");
        assertSplit(producer, topic, a, b, 200);
        Set<String> all = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 200; i++) {
            all.add(((TextMessage) observer.receive(10_000)).getText());
        }
        assertThat(all).hasSize(200);
    }

    @Test
    void sharedSubscriptionsOfOneClientIdAreScopedToIt() throws Exception {
        Session producer = session(null);
        Topic topic = producer.createTopic("scoped");
        Session first = session("client-a");
        MessageConsumer a = first.createSharedDurableConsumer(topic, "sub");
        MessageConsumer b = first.createSharedDurableConsumer(topic, "sub");
        assertSplit(producer, topic, a, b, 100);
    }
}
