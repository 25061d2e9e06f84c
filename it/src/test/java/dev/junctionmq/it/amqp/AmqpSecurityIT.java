package dev.junctionmq.it.amqp;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.InvalidDestinationException;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SASL PLAIN and ANONYMOUS against the broker's AuthService, authorization (amqp:unauthorized-access), unknown
 * nodes with automatic topic creation off (amqp:not-found) and oversized messages
 * (amqp:link:message-size-exceeded), each refused while the connection, or at least the broker, keeps working.
 */
class AmqpSecurityIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.startedByTheTest();

    private void startSecured(boolean autoCreate) throws Exception {
        Path security = broker.directory().resolve("security.properties");
        Files.writeString(security, String.join("\n",
                "anonymous.enabled = false",
                "user.alice.password = secret",
                "user.alice.roles = app",
                "permit.app = send:orders, consume:orders, browse:orders, send:big, consume:big, consume:nowhere",
                ""));
        broker.start(directory -> AmqpBrokers.config(directory)
                .with(BrokerConfig.SECURITY_FILE, security.toString())
                .with(BrokerConfig.AUTO_CREATE_TOPICS, Boolean.toString(autoCreate)));
    }

    private Connection connect(String user, String password) throws JMSException {
        Connection connection = broker.closeAfterTest(
                AmqpBrokers.factory(broker.broker()).createConnection(user, password));
        connection.start();
        return connection;
    }

    @Test
    void plainCredentialsAreCheckedAndAnonymousCanBeRefused() throws Exception {
        startSecured(true);
        assertThatThrownBy(() -> connect("alice", "wrong")).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> connect(null, null)).isInstanceOf(JMSException.class);
        Session session = connect("alice", "secret").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("orders");
        session.createProducer(queue).send(session.createTextMessage("authorized"));
        assertThat(((TextMessage) session.createConsumer(queue).receive(10_000)).getText()).isEqualTo("authorized");
    }

    @Test
    void deniedDestinationsAreRefusedWithUnauthorizedAccess() throws Exception {
        startSecured(true);
        Session session = connect("alice", "secret").createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> session.createProducer(session.createQueue("payroll")))
                .isInstanceOf(JMSSecurityException.class).hasMessageContaining("payroll");
        assertThatThrownBy(() -> session.createConsumer(session.createQueue("payroll")))
                .isInstanceOf(JMSSecurityException.class).hasMessageContaining("payroll");
        // the same session keeps working where it is allowed
        Queue queue = session.createQueue("orders");
        session.createProducer(queue).send(session.createTextMessage("still fine"));
        assertThat(((TextMessage) session.createConsumer(queue).receive(10_000)).getText()).isEqualTo("still fine");
    }

    @Test
    void unknownNodesAreNotFoundWhenTopicsAreNotCreatedAutomatically() throws Exception {
        startSecured(false);
        Session session = connect("alice", "secret").createSession(false, Session.AUTO_ACKNOWLEDGE);
        assertThatThrownBy(() -> session.createConsumer(session.createQueue("nowhere")))
                .isInstanceOf(InvalidDestinationException.class).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> session.createProducer(session.createQueue("orders"))
                .send(session.createTextMessage("x")))
                .isInstanceOf(JMSException.class).hasMessageContaining("does not exist");
    }

    @Test
    void oversizedMessagesAreRefusedAndTheProducerGoesOn() throws Exception {
        startSecured(true);
        Session session = connect("alice", "secret").createSession(false, Session.AUTO_ACKNOWLEDGE);
        Queue queue = session.createQueue("big");
        MessageProducer producer = session.createProducer(queue);
        jakarta.jms.BytesMessage tooBig = session.createBytesMessage();
        tooBig.writeBytes(new byte[AmqpBrokers.MAX_MESSAGE_SIZE + 1]);
        assertThatThrownBy(() -> producer.send(tooBig)).isInstanceOf(JMSException.class)
                .hasMessageContaining("maximum message size");
        producer.send(session.createTextMessage("small"));
        // larger than the link's max-message-size (body limit + 64 KiB for sections): refused as it streams in
        jakarta.jms.BytesMessage huge = session.createBytesMessage();
        huge.writeBytes(new byte[4 * AmqpBrokers.MAX_MESSAGE_SIZE]);
        assertThatThrownBy(() -> session.createProducer(queue).send(huge)).isInstanceOf(JMSException.class);
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(((TextMessage) consumer.receive(10_000)).getText()).isEqualTo("small");
        assertThat(consumer.receive(300)).isNull();
    }
}
