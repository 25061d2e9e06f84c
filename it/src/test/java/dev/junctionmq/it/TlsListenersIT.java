package dev.junctionmq.it;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.broker.tls.TlsSettings;
import dev.junctionmq.it.mqtt.MqttBrokers;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every front end's TLS listener (AMQP 5671, STOMP 61612, MQTT 8883 by default; ephemeral here), set up once by the
 * broker from the {@code tls.*} keys: real clients (Qpid JMS over {@code amqps}, Paho over {@code ssl}, STOMP on a
 * JDK {@link SSLSocket}) share one topic through TLS, byte for byte; clients that do not speak TLS, do not finish
 * the handshake or lack a required certificate are dropped while the others go on. The HTTP endpoint has its HTTPS
 * twin: {@code /health} and {@code wss://} WebSockets.
 */
class TlsListenersIT {

    private static final Duration HANDSHAKE_TIMEOUT = Duration.ofMillis(1000);

    @TempDir
    static Path certificateDir;
    static TestCertificates certificates;

    @RegisterExtension
    final InProcessBroker running = InProcessBroker.startedByTheTest();

    private Broker broker;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificateDir);
    }

    /** Every front end on ephemeral ports (as the MQTT tests run them), plus its TLS twin and HTTPS. */
    private Broker start(String clientAuth) throws Exception {
        broker = running.start(directory -> MqttBrokers.config(directory)
                .with(BrokerConfig.HANDSHAKE_TIMEOUT_MS, Long.toString(HANDSHAKE_TIMEOUT.toMillis()))
                .with(BrokerConfig.HTTP_TLS_PORT, "0")
                .with("stomp.tls.port", "0").with("amqp.tls.port", "0").with("mqtt.tls.port", "0")
                .with(TlsSettings.KEY_STORE, certificates.serverKeyStore.toString())
                .with(TlsSettings.KEY_STORE_PASSWORD, TestCertificates.PASSWORD)
                .with(TlsSettings.TRUST_STORE, certificates.serverTrustStore.toString())
                .with(TlsSettings.TRUST_STORE_PASSWORD, TestCertificates.PASSWORD)
                .with(TlsSettings.CLIENT_AUTH, clientAuth));
        return broker;
    }

    private int tlsPort(String frontEnd) {
        return broker.listeners().get(frontEnd + "-tls").get(0).getPort();
    }

    @Test
    void mqttAmqpAndStompClientsShareATopicOverTlsWithIdenticalBytes() throws Exception {
        start("none");
        byte[] payload = new byte[3000];
        new Random(7).nextBytes(payload);

        JmsConnectionFactory amqps = new JmsConnectionFactory("amqps://localhost:" + tlsPort("amqp")
                + "?transport.trustStoreLocation=" + certificates.clientTrustStore
                + "&transport.trustStorePassword=" + TestCertificates.PASSWORD
                + "&transport.trustStoreType=PKCS12&jms.connectTimeout=15000");
        try (Connection jms = amqps.createConnection();
             TlsStompClient stomp = TlsStompClient.connect(certificates.clientContext(false).getSocketFactory()
                     .createSocket("localhost", tlsPort("stomp")))) {
            jms.start();
            Session session = jms.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createTopic("sensors/tls"));
            stomp.send("SUBSCRIBE\nid:s1\ndestination:/topic/sensors/tls\nack:auto\nreceipt:r1\n\n\0");
            assertThat(stomp.readFrame()).startsWith("RECEIPT\n");

            MqttClient mqtt = new MqttClient("ssl://localhost:" + tlsPort("mqtt"), "tls-publisher",
                    new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setSocketFactory(certificates.clientContext(false).getSocketFactory());
            options.setAutomaticReconnect(false);
            mqtt.connect(options);
            MqttMessage message = new MqttMessage(payload);
            message.setQos(1);
            try {
                mqtt.publish("sensors/tls", message);
            } finally {
                mqtt.disconnect();
                mqtt.close();
            }

            BytesMessage received = (BytesMessage) consumer.receive(10_000);
            assertThat(received).as("AMQP over TLS got the MQTT publish").isNotNull();
            byte[] amqpBytes = new byte[(int) received.getBodyLength()];
            received.readBytes(amqpBytes);
            assertThat(amqpBytes).isEqualTo(payload);

            byte[] stompFrame = stomp.readFrameBytes();
            assertThat(new String(stompFrame, StandardCharsets.ISO_8859_1)).startsWith("MESSAGE\n");
            assertThat(TlsStompClient.body(stompFrame)).isEqualTo(payload);
        }
    }

    @Test
    void aPlainTextClientOnATlsPortIsDroppedAndTlsClientsGoOn() throws Exception {
        start("none");
        try (Socket plain = new Socket("127.0.0.1", tlsPort("mqtt"))) {
            plain.setSoTimeout(10_000);
            // MQTT 3.1.1 CONNECT in clear text: not a TLS record, so the broker closes the connection.
            plain.getOutputStream().write(new byte[] {0x10, 0x10, 0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04, 0x02, 0x00,
                    0x3c, 0x00, 0x04, 'p', 'l', 'a', 'n'});
            byte[] answer = readUntilClosed(plain.getInputStream());
            assertThat(answer.length == 0 || answer[0] != 0x20).as("no MQTT CONNACK in clear text").isTrue();
        }
        try (TlsStompClient stomp = TlsStompClient.connect(certificates.clientContext(false).getSocketFactory()
                .createSocket("localhost", tlsPort("stomp")))) {
            assertThat(stomp.connectedVersion()).isEqualTo("1.2");
        }
    }

    @Test
    void aClientThatNeverStartsTheTlsHandshakeIsClosedAfterTheHandshakeTimeout() throws Exception {
        start("none");
        try (Socket idle = new Socket("127.0.0.1", tlsPort("amqp"))) {
            idle.setSoTimeout((int) HANDSHAKE_TIMEOUT.multipliedBy(10).toMillis());
            long start = System.nanoTime();
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(HANDSHAKE_TIMEOUT.multipliedBy(8));
        }
    }

    @Test
    void requiredClientCertificatesAreEnforced() throws Exception {
        start("required");
        assertThatThrownBy(() -> {
            try (TlsStompClient stomp = TlsStompClient.connect(certificates.clientContext(false).getSocketFactory()
                    .createSocket("localhost", tlsPort("stomp")))) {
                stomp.connectedVersion();
            }
        }).isInstanceOfAny(SSLException.class, IOException.class);
        try (TlsStompClient stomp = TlsStompClient.connect(certificates.clientContext(true).getSocketFactory()
                .createSocket("localhost", tlsPort("stomp")))) {
            assertThat(stomp.connectedVersion()).isEqualTo("1.2");
        }
    }

    @Test
    void healthAndStompOverWebSocketAreServedWithHttpsAndWss() throws Exception {
        start("none");
        HttpClient https = HttpClient.newBuilder().sslContext(certificates.clientContext(false))
                .connectTimeout(Duration.ofSeconds(10)).build();
        HttpResponse<String> health = https.send(HttpRequest.newBuilder(
                URI.create("https://localhost:" + broker.httpsPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP").contains("amqp-tls").contains("mqtt-tls").contains("stomp-tls");

        CompletableFuture<String> firstFrame = new CompletableFuture<>();
        StringBuilder text = new StringBuilder();
        WebSocket webSocket = https.newWebSocketBuilder().subprotocols("v12.stomp")
                .buildAsync(URI.create("wss://localhost:" + broker.httpsPort() + "/stomp"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            firstFrame.complete(text.toString());
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            assertThat(webSocket.getSubprotocol()).isEqualTo("v12.stomp");
            webSocket.sendText("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0", true).get(10, TimeUnit.SECONDS);
            assertThat(firstFrame.get(10, TimeUnit.SECONDS)).startsWith("CONNECTED\n").contains("version:1.2");
        } finally {
            webSocket.abort();
        }
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                read.write(b);
            }
        } catch (java.net.SocketException e) {
            // reset by the broker: closed all the same
        }
        return read.toByteArray();
    }

    /** STOMP 1.2 on a TLS socket: CONNECT on creation, frames read up to their NUL (bodies with content-length). */
    private static final class TlsStompClient implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private String connected;

        private TlsStompClient(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static TlsStompClient connect(Socket socket) throws IOException {
            TlsStompClient client = new TlsStompClient(socket);
            client.send("CONNECT\naccept-version:1.2\nhost:localhost\n\n\0");
            client.connected = client.readFrame();
            return client;
        }

        String connectedVersion() {
            assertThat(connected).startsWith("CONNECTED\n");
            return connected.lines().filter(l -> l.startsWith("version:")).findFirst().orElseThrow().substring(8);
        }

        void send(String frame) throws IOException {
            out.write(frame.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String readFrame() throws IOException {
            return new String(readFrameBytes(), StandardCharsets.UTF_8);
        }

        /** One frame without its NUL, skipping heart-beat newlines before it. */
        byte[] readFrameBytes() throws IOException {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) == '\n') {
                // heart-beat
            }
            int contentLength = -1;
            StringBuilder line = new StringBuilder();
            boolean inHeaders = true;
            while (b >= 0) {
                frame.write(b);
                if (inHeaders) {
                    if (b == '\n') {
                        if (line.length() == 0) {
                            inHeaders = false;
                            if (contentLength >= 0) {
                                frame.write(in.readNBytes(contentLength));
                                in.read(); // the NUL
                                return frame.toByteArray();
                            }
                        } else if (line.toString().startsWith("content-length:")) {
                            contentLength = Integer.parseInt(line.substring("content-length:".length()));
                        }
                        line.setLength(0);
                    } else {
                        line.append((char) b);
                    }
                } else if (b == 0) {
                    byte[] bytes = frame.toByteArray();
                    return java.util.Arrays.copyOf(bytes, bytes.length - 1);
                }
                b = in.read();
            }
            throw new IOException("connection closed in the middle of a STOMP frame");
        }

        /** The body of a frame read by {@link #readFrameBytes()}: what follows the blank line after the headers. */
        static byte[] body(byte[] frame) {
            for (int i = 0; i + 1 < frame.length; i++) {
                if (frame[i] == '\n' && frame[i + 1] == '\n') {
                    return java.util.Arrays.copyOfRange(frame, i + 2, frame.length);
                }
            }
            throw new IllegalArgumentException("no header end in frame");
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
