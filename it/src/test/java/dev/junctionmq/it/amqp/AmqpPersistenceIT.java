package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 persistent messages over Qpid JMS survive a broker restart on the same data directory: none lost, none
 * duplicated, in order; what was acknowledged before the restart is not delivered again.
 */
class AmqpPersistenceIT {

    private static final Logger log = LoggerFactory.getLogger(AmqpPersistenceIT.class);
    private static final int COUNT = 10_000;
    private static final int CONSUMED_BEFORE_RESTART = 4_000;

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    @Test
    void tenThousandPersistentMessagesSurviveARestartInOrder() throws Exception {
        Connection connection = broker.closeAfterTest(AmqpBrokers.factory(broker.broker()).createConnection());
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("durable-orders");
        MessageProducer producer = session.createProducer(queue);
        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
        long start = System.nanoTime();
        for (int i = 0; i < COUNT; i++) {
            producer.send(session.createTextMessage("order-" + i)); // returns once the broker accepted it
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        log.info("sent {} persistent messages one by one (synchronous sends) in {} ms: {} msg/s", COUNT,
                millis, COUNT * 1000L / Math.max(1, millis));
        connection.start();
        Session acking = connection.createSession(false, Session.CLIENT_ACKNOWLEDGE);
        MessageConsumer consumer = acking.createConsumer(queue);
        Message last = null;
        for (int i = 0; i < CONSUMED_BEFORE_RESTART; i++) {
            last = consumer.receive(10_000);
            assertThat(last).as("message %d", i).isNotNull();
            assertThat(((TextMessage) last).getText()).isEqualTo("order-" + i);
            last.acknowledge();
        }
        consumer.close();
        connection.close(); // before the broker closes; closing it again after the test does nothing

        broker.restart();

        connection = AmqpBrokers.startedConnection(broker);
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createConsumer(session.createQueue("durable-orders"));
        start = System.nanoTime();
        for (int i = CONSUMED_BEFORE_RESTART; i < COUNT; i++) {
            TextMessage message = (TextMessage) consumer.receive(10_000);
            assertThat(message).as("message %d after the restart", i).isNotNull();
            assertThat(message.getText()).isEqualTo("order-" + i);
        }
        millis = (System.nanoTime() - start) / 1_000_000;
        log.info("received {} messages after the restart in {} ms", COUNT - CONSUMED_BEFORE_RESTART, millis);
        assertThat(consumer.receive(500)).as("nothing after the last message").isNull();
    }
}
