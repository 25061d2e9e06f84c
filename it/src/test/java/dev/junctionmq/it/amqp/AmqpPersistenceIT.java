package dev.junctionmq.it.amqp;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 persistent messages over Qpid JMS survive a broker restart on the same data directory: none lost, none
 * duplicated, in order; what was acknowledged before the restart is not delivered again.
 */
class AmqpPersistenceIT {

    private static final Logger log = LoggerFactory.getLogger(AmqpPersistenceIT.class);
    private static final int COUNT = 10_000;
    private static final int CONSUMED_BEFORE_RESTART = 4_000;

    @TempDir
    Path dir;

    @Test
    void tenThousandPersistentMessagesSurviveARestartInOrder() throws Exception {
        BrokerConfig config = AmqpBrokers.config(dir);
        try (Broker broker = Broker.start(config)) {
            Connection connection = AmqpBrokers.factory(broker).createConnection();
            try {
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
            } finally {
                connection.close();
            }
        }
        try (Broker restarted = Broker.start(config)) {
            Connection connection = AmqpBrokers.factory(restarted).createConnection();
            try {
                connection.start();
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue("durable-orders"));
                long start = System.nanoTime();
                for (int i = CONSUMED_BEFORE_RESTART; i < COUNT; i++) {
                    TextMessage message = (TextMessage) consumer.receive(10_000);
                    assertThat(message).as("message %d after the restart", i).isNotNull();
                    assertThat(message.getText()).isEqualTo("order-" + i);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                log.info("received {} messages after the restart in {} ms", COUNT - CONSUMED_BEFORE_RESTART, millis);
                assertThat(consumer.receive(500)).as("nothing after the last message").isNull();
            } finally {
                connection.close();
            }
        }
    }
}
