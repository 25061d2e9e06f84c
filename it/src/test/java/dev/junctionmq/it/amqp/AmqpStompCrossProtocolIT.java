package dev.junctionmq.it.amqp;

import dev.junctionmq.broker.server.Broker;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same message across protocols (docs/protocol-mapping.md): bodies are byte-identical whichever protocol wrote
 * or reads them; headers map by the documented table. STOMP is spoken over a raw socket, AMQP by Qpid JMS.
 */
class AmqpStompCrossProtocolIT {

    @TempDir
    Path dir;

    private Broker broker;
    private Connection connection;
    private Session session;

    @BeforeEach
    void start() throws JMSException {
        broker = Broker.start(AmqpBrokers.config(dir));
        connection = AmqpBrokers.factory(broker).createConnection();
        connection.start();
        session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    @AfterEach
    void stop() throws JMSException {
        connection.close();
        broker.close();
    }

    /** A minimal STOMP 1.2 client: frames with content-length, read back whole. */
    private static final class Stomp implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        Stomp(InetSocketAddress address) throws IOException {
            socket = new Socket(address.getHostString(), address.getPort());
            socket.setSoTimeout(10_000);
            out = socket.getOutputStream();
            in = socket.getInputStream();
            send("CONNECT", new byte[0], "accept-version:1.2", "host:localhost");
            assertThat(read().command()).isEqualTo("CONNECTED");
        }

        void send(String command, byte[] body, String... headers) throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes((command + "\n").getBytes(StandardCharsets.UTF_8));
            for (String header : headers) {
                frame.writeBytes((header + "\n").getBytes(StandardCharsets.UTF_8));
            }
            if (body.length > 0) {
                frame.writeBytes(("content-length:" + body.length + "\n").getBytes(StandardCharsets.UTF_8));
            }
            frame.write('\n');
            frame.writeBytes(body);
            frame.write(0);
            out.write(frame.toByteArray());
            out.flush();
        }

        record Frame(String command, Map<String, String> headers, byte[] body) {
        }

        Frame read() throws IOException {
            String command;
            do {
                command = line();
            } while (command.isEmpty()); // heart-beats
            Map<String, String> headers = new HashMap<>();
            for (String line = line(); !line.isEmpty(); line = line()) {
                int colon = line.indexOf(':');
                headers.putIfAbsent(unescape(line.substring(0, colon)), unescape(line.substring(colon + 1)));
            }
            byte[] body;
            if (headers.containsKey("content-length")) {
                body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
                assertThat(in.read()).isZero();
            } else {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                for (int b = in.read(); b != 0; b = in.read()) {
                    bytes.write(b);
                }
                body = bytes.toByteArray();
            }
            return new Frame(command, headers, body);
        }

        /** STOMP 1.2 header escaping: \\r \\n \\c \\\\. */
        private static String unescape(String raw) {
            StringBuilder text = new StringBuilder(raw.length());
            for (int i = 0; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    text.append(next == 'c' ? ':' : next == 'n' ? '\n' : next == 'r' ? '\r' : next);
                } else {
                    text.append(c);
                }
            }
            return text.toString();
        }

        private String line() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                bytes.write(b);
            }
            return bytes.toString(StandardCharsets.UTF_8).replace("\r", "");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Stomp stomp() throws IOException {
        return new Stomp(broker.listeners().get("stomp").get(0));
    }

    private static byte[] binaryPayload() {
        byte[] payload = new byte[1000];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7 + 3); // includes 0x00 bytes
        }
        return payload;
    }

    @Test
    void stompSendIsReadByQpidJmsWithIdenticalBytesAndProperties() throws Exception {
        byte[] payload = binaryPayload();
        Queue queue = session.createQueue("from-stomp");
        MessageConsumer consumer = session.createConsumer(queue);
        try (Stomp stomp = stomp()) {
            stomp.send("SEND", payload, "destination:/queue/from-stomp", "color:red", "TAGS:tagX",
                    "receipt:r1");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        Message received = consumer.receive(10_000);
        assertThat(received).isInstanceOf(BytesMessage.class);
        BytesMessage bytes = (BytesMessage) received;
        byte[] read = new byte[(int) bytes.getBodyLength()];
        bytes.readBytes(read);
        assertThat(read).isEqualTo(payload);
        assertThat(received.getStringProperty("color")).isEqualTo("red");
        assertThat(received.getStringProperty("TAGS")).isEqualTo("tagX");
        assertThat(received.getJMSMessageID()).isNotBlank();
    }

    @Test
    void stompTextWithContentTypeArrivesAsATextMessage() throws Exception {
        Queue queue = session.createQueue("stomp-text");
        MessageConsumer consumer = session.createConsumer(queue);
        try (Stomp stomp = stomp()) {
            stomp.send("SEND", "grüße".getBytes(StandardCharsets.UTF_8), "destination:/queue/stomp-text",
                    "content-type:text/plain;charset=utf-8", "receipt:r1");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        Message received = consumer.receive(10_000);
        assertThat(received).isInstanceOf(TextMessage.class);
        assertThat(((TextMessage) received).getText()).isEqualTo("grüße");
    }

    @Test
    void qpidJmsBytesAndTextMessagesAreReadByStompWithIdenticalBody() throws Exception {
        byte[] payload = binaryPayload();
        try (Stomp stomp = stomp()) {
            stomp.send("SUBSCRIBE", new byte[0], "destination:/queue/to-stomp", "id:s1", "ack:auto",
                    "receipt:sub");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            Queue queue = session.createQueue("to-stomp");
            MessageProducer producer = session.createProducer(queue);
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(payload);
            bytes.setStringProperty("color", "blue");
            producer.send(bytes);
            producer.send(session.createTextMessage("plain text ✓"));

            Stomp.Frame first = stomp.read();
            assertThat(first.command()).isEqualTo("MESSAGE");
            assertThat(first.body()).isEqualTo(payload);
            assertThat(first.headers()).containsEntry("color", "blue")
                    .containsEntry("message-id", bytes.getJMSMessageID());
            Stomp.Frame second = stomp.read();
            assertThat(second.body()).isEqualTo("plain text ✓".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The types of Qpid JMS properties are kept in the store, so a STOMP subscriber's selector compares numbers. */
    @Test
    void typedPropertiesFromQpidJmsAreComparedAsNumbersByAStompSelector() throws Exception {
        try (Stomp stomp = stomp()) {
            stomp.send("SUBSCRIBE", new byte[0], "destination:/topic/typed", "id:s1", "ack:auto",
                    "selector:count > 5 AND price < 8.0 AND flag = TRUE", "receipt:sub");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            MessageProducer producer = session.createProducer(session.createTopic("typed"));
            for (int i = 0; i < 10; i++) {
                TextMessage message = session.createTextMessage("m" + i);
                message.setIntProperty("count", i);
                message.setDoubleProperty("price", i + 0.5);
                message.setBooleanProperty("flag", i % 2 == 0);
                producer.send(message);
            }
            producer.send(session.createTextMessage("no properties")); // UNKNOWN: not delivered
            TextMessage last = session.createTextMessage("last");
            last.setIntProperty("count", 100);
            last.setDoubleProperty("price", 1.0);
            last.setBooleanProperty("flag", true);
            producer.send(last);
            Stomp.Frame first = stomp.read();
            assertThat(first.body()).isEqualTo("m6".getBytes(StandardCharsets.UTF_8));
            assertThat(first.headers()).containsEntry("count", "6");
            Stomp.Frame second = stomp.read();
            assertThat(second.body()).as("one queue: in order, nothing between").isEqualTo(
                    "last".getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * The broker's own properties (JMQ_*) cross no protocol boundary: a STOMP client cannot forge an AMQP message's
     * sections or a property's type with headers of those names, and a STOMP subscriber does not see them.
     */
    @Test
    void reservedPropertiesCanBeNeitherSetNorSeenByStompClients() throws Exception {
        MessageConsumer consumer = session.createConsumer(session.createQueue("reserved"));
        try (Stomp stomp = stomp()) {
            stomp.send("SEND", "forged?".getBytes(StandardCharsets.UTF_8), "destination:/queue/reserved",
                    "count:7", "JMQ_PROPERTY_TYPES:icount", "JMQ_AMQP_SECTIONS:AAAA", "JMQ_AMQP_BODY:data:AAAA",
                    "receipt:r1");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
        }
        Message received = consumer.receive(10_000);
        assertThat(received).as("the STOMP message arrives as what it is, not as forged AMQP sections").isNotNull();
        assertThat(received.getObjectProperty("count")).as("a STOMP header stays a string").isEqualTo("7");
        assertThat(java.util.Collections.list(received.getPropertyNames())).noneMatch(
                name -> name.toString().startsWith("JMQ_"));

        try (Stomp stomp = stomp()) {
            stomp.send("SUBSCRIBE", new byte[0], "id:s1", "destination:/topic/typed-out", "receipt:sub");
            assertThat(stomp.read().command()).isEqualTo("RECEIPT");
            TextMessage typed = session.createTextMessage("typed");
            typed.setIntProperty("count", 3);
            session.createProducer(session.createTopic("typed-out")).send(typed);
            Stomp.Frame frame = stomp.read();
            assertThat(frame.body()).isEqualTo("typed".getBytes(StandardCharsets.UTF_8));
            assertThat(frame.headers()).containsEntry("count", "3");
            assertThat(frame.headers().keySet()).noneMatch(name -> name.startsWith("JMQ_"));
        }
    }
}
