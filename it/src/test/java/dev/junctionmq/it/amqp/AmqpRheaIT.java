package dev.junctionmq.it.amqp;

import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A non-Java AMQP 1.0 client: rhea on Node.js (it/node/amqp-rhea, installed by the npm-amqp-rhea execution of
 * it/pom.xml) exchanges messages with Qpid JMS through the broker, in both directions.
 */
class AmqpRheaIT {

    private static final Path CLIENT_DIR = Path.of("node", "amqp-rhea");

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(AmqpBrokers::config);

    private Session session;

    @BeforeEach
    void start() throws JMSException {
        session = AmqpBrokers.startedConnection(broker).createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    private record Result(int exitCode, List<String> lines, String errors) {
    }

    private Result rhea(String mode, String address, int count) throws IOException, InterruptedException {
        Path out = broker.directory().resolve("rhea-" + mode + ".out");
        Path err = broker.directory().resolve("rhea-" + mode + ".err");
        Process process = new ProcessBuilder("node", "rhea-client.js",
                Integer.toString(AmqpBrokers.amqpAddress(broker.broker()).getPort()), mode, address,
                Integer.toString(count))
                .directory(CLIENT_DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("rhea client did not finish within 30 s");
        }
        return new Result(process.exitValue(), Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void rheaSendsAndQpidJmsReceives() throws Exception {
        Result result = rhea("send", "from-rhea", 10);
        assertThat(result.exitCode()).as(result.errors()).isZero();
        MessageConsumer consumer = session.createConsumer(session.createQueue("from-rhea"));
        for (int i = 0; i < 10; i++) {
            TextMessage message = (TextMessage) consumer.receive(10_000);
            assertThat(message).as("message %d", i).isNotNull();
            assertThat(message.getText()).isEqualTo("rhea-" + i);
            assertThat(((Number) message.getObjectProperty("index")).intValue()).isEqualTo(i);
        }
        assertThat(consumer.receive(300)).isNull();
    }

    @Test
    void qpidJmsSendsAndRheaReceives() throws Exception {
        Queue queue = session.createQueue("to-rhea");
        MessageProducer producer = session.createProducer(queue);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add("jms-" + i);
            producer.send(session.createTextMessage("jms-" + i));
        }
        Result result = rhea("receive", "to-rhea", 5);
        assertThat(result.exitCode()).as(result.errors()).isZero();
        assertThat(result.lines()).containsExactlyElementsOf(sent);
        MessageConsumer consumer = session.createConsumer(queue);
        assertThat(consumer.receive(300)).as("rhea accepted every message").isNull();
    }
}
