package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jakarta Messaging 3.1, 3.8.1.1: a selector may name the header fields JMSMessageID (a String) and JMSTimestamp (a
 * long). With Qpid JMS over AMQP, a selector on JMSMessageID compares with exactly what the consumer's
 * {@code getJMSMessageID()} returns, and JMSTimestamp is the producer's creation time (AMQP creation-time).
 */
class AmqpHeaderSelectorIT {

    /** How long a consumer waits to show it gets nothing more. */
    private static final long QUIET_MS = 500;

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Session session(String query) throws JMSException {
        return AmqpBrokers.startedConnection(broker, query).createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /**
     * DEFAULT: Qpid JMS's own {@code ID:...} strings; UUID_STRING: a string without the prefix (shown as
     * {@code ID:AMQP_NO_PREFIX:...}); UUID: an AMQP uuid (shown as {@code ID:AMQP_UUID:...}).
     */
    @ParameterizedTest(name = "message ids {0}")
    @ValueSource(strings = {"DEFAULT", "UUID_STRING", "UUID"})
    void aSelectorOnJmsMessageIdGetsExactlyThatMessage(String idType) throws Exception {
        Session session = session("jms.messageIDPolicy.messageIDType=" + idType);
        Queue queue = session.createQueue("headers.ids." + idType);
        MessageProducer producer = session.createProducer(queue);
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            TextMessage message = session.createTextMessage("m" + i);
            producer.send(message);
            ids.add(message.getJMSMessageID());
        }
        String second = ids.get(1);
        assertThat(second).startsWith("ID:");
        assertThat(ids).doesNotHaveDuplicates();

        MessageConsumer consumer = session.createConsumer(queue, "JMSMessageID = '" + second + "'");
        Message received = consumer.receive(10_000);
        assertThat(received).isNotNull();
        assertThat(((TextMessage) received).getText()).isEqualTo("m2");
        assertThat(received.getJMSMessageID()).isEqualTo(second);
        assertThat(consumer.receive(QUIET_MS)).as("no other message matches").isNull();
    }

    /**
     * Each message goes to two queues, one read with {@code JMSTimestamp > T}, the other with {@code <= T}: a
     * consumer group's selector passes over what it does not match, so each selector gets a queue of its own.
     */
    @Test
    void aSelectorOnJmsTimestampComparesWithTheProducersCreationTime() throws Exception {
        Session session = session("jms.messageIDPolicy.messageIDType=DEFAULT");
        Queue afterQueue = session.createQueue("headers.timestamps.after");
        Queue upToQueue = session.createQueue("headers.timestamps.upto");
        MessageProducer producer = session.createProducer(null);
        send(session, producer, afterQueue, "first");
        long firstTimestamp = send(session, producer, upToQueue, "first").getJMSTimestamp(); // the later of the two
        assertThat(firstTimestamp).isPositive();
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > firstTimestamp);
        long t = System.currentTimeMillis(); // strictly after the first was sent
        await().atMost(Duration.ofSeconds(5)).until(() -> System.currentTimeMillis() > t);
        long secondTimestamp = send(session, producer, afterQueue, "second").getJMSTimestamp();
        send(session, producer, upToQueue, "second");
        assertThat(secondTimestamp).isGreaterThan(t);

        MessageConsumer after = session.createConsumer(afterQueue, "JMSTimestamp > " + t);
        Message received = after.receive(10_000);
        assertThat(received).isNotNull();
        assertThat(((TextMessage) received).getText()).isEqualTo("second");
        assertThat(received.getJMSTimestamp()).isEqualTo(secondTimestamp);
        assertThat(after.receive(QUIET_MS)).as("only the second is after T").isNull();

        MessageConsumer upTo = session.createConsumer(upToQueue, "JMSTimestamp <= " + t);
        received = upTo.receive(10_000);
        assertThat(received).isNotNull();
        assertThat(((TextMessage) received).getText()).isEqualTo("first");
        assertThat(received.getJMSTimestamp()).isEqualTo(firstTimestamp);
        assertThat(upTo.receive(QUIET_MS)).as("only the first is at or before T").isNull();
    }

    /** A text message sent to {@code queue}; Qpid JMS has set its JMSTimestamp. */
    private static TextMessage send(Session session, MessageProducer producer, Queue queue, String text)
            throws JMSException {
        TextMessage message = session.createTextMessage(text);
        producer.send(queue, message);
        return message;
    }
}
