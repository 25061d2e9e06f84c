package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;

/** JMS transacted sessions over AMQP transactions (coordinator link, declare/discharge) with Qpid JMS. */
class AmqpTransactionIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Connection connection;

    @BeforeEach
    void start() throws JMSException {
        connection = AmqpBrokers.startedConnection(broker);
    }

    @Test
    void transactedSendsAreStoredOnCommitOnly() throws Exception {
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = plain.createQueue("tx-send");
        MessageConsumer consumer = plain.createConsumer(queue);
        MessageProducer producer = transacted.createProducer(queue);
        producer.send(transacted.createTextMessage("rolled-back-1"));
        producer.send(transacted.createTextMessage("rolled-back-2"));
        assertThat(consumer.receive(300)).isNull();
        transacted.rollback();
        producer.send(transacted.createTextMessage("committed-1"));
        producer.send(transacted.createTextMessage("committed-2"));
        assertThat(consumer.receive(300)).isNull();
        transacted.commit();
        assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("committed-1");
        assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("committed-2");
        assertThat(consumer.receive(300)).isNull();
    }

    @Test
    void transactedReceivesComeBackOnRollbackAndGoOnCommit() throws Exception {
        Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = plain.createQueue("tx-receive");
        plain.createProducer(queue).send(plain.createTextMessage("work"));
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(queue);
        Message first = consumer.receive(10_000);
        assertThat(first).isNotNull();
        assertThat(first.getJMSRedelivered()).isFalse();
        transacted.rollback();
        Message again = consumer.receive(10_000);
        assertThat(again).isNotNull();
        assertThat(((TextMessage) again).getText()).isEqualTo("work");
        assertThat(again.getJMSRedelivered()).isTrue();
        transacted.commit();
        consumer.close();
        MessageConsumer after = plain.createConsumer(queue);
        assertThat(after.receive(500)).isNull();
    }

    @Test
    void sendAndReceiveCommitTogether() throws Exception {
        Session plain = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue in = plain.createQueue("tx-in");
        Queue out = plain.createQueue("tx-out");
        plain.createProducer(in).send(plain.createTextMessage("input"));
        Session transacted = connection.createSession(true, Session.SESSION_TRANSACTED);
        MessageConsumer consumer = transacted.createConsumer(in);
        MessageProducer producer = transacted.createProducer(out);
        TextMessage input = (TextMessage) consumer.receive(10_000);
        producer.send(transacted.createTextMessage("output of " + input.getText()));
        transacted.commit();
        MessageConsumer outConsumer = plain.createConsumer(out);
        assertThat(((TextMessage) outConsumer.receive(10_000)).getText()).isEqualTo("output of input");
        consumer.close();
        assertThat(plain.createConsumer(in).receive(500)).isNull();
    }
}
