package dev.junctionmq.broker.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.security.FileAuthService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A whole broker on real sockets, with a front end loaded through the SPI. */
class BrokerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private BrokerConfig config() {
        return BrokerConfig.load(null).with(BrokerConfig.DATA_DIR, dir.resolve("data").toString())
                .with(BrokerConfig.SEGMENT_SIZE, Integer.toString(4 << 20))
                .with(BrokerConfig.MAX_MESSAGE_SIZE, Integer.toString(64 * 1024))
                .with(BrokerConfig.INDEX_HASH_SLOTS, "1024").with(BrokerConfig.INDEX_MAX_ENTRIES, "4096")
                .with(BrokerConfig.HTTP_PORT, "0").with(BrokerConfig.NAMESERVER_PORT, "0")
                .with(BrokerConfig.NETWORK_HOST, "127.0.0.1");
    }

    /** A line-protocol client on a real socket. */
    private static final class Client implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final PrintWriter out;

        Client(InetSocketAddress address) throws Exception {
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out = new PrintWriter(socket.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        String call(String line) throws Exception {
            out.print(line + "\n");
            out.flush();
            return in.readLine();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    @Test
    void frontEndFromTheClassPathServesClientsThatShareTopics() throws Exception {
        try (Broker broker = Broker.start(config())) {
            InetSocketAddress address = broker.listeners().get("line").get(0);
            try (Client consumer = new Client(address); Client producer = new Client(address)) {
                assertThat(consumer.call("LOGIN guest x")).isEqualTo("OK");
                assertThat(consumer.call("SUB prices g1")).isEqualTo("OK");
                assertThat(producer.call("LOGIN guest x")).isEqualTo("OK");
                for (int i = 0; i < 20; i++) {
                    assertThat(producer.call("SEND prices p" + i)).isEqualTo("OK");
                }
                Set<String> received = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    received.add(consumer.in.readLine());
                }
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < 20; i++) {
                    expected.add("MSG prices p" + i);
                }
                assertThat(received).isEqualTo(expected);
            }
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + broker.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\"").contains("UP").contains("\"line\"");
        }
    }

    @Test
    void healthReportsHowManySendsEachGroupForceAcknowledgedUnderSyncFlush() throws Exception {
        try (Broker broker = Broker.start(config().with(BrokerConfig.FLUSH_MODE, "SYNC_FLUSH"))) {
            InetSocketAddress address = broker.listeners().get("line").get(0);
            try (Client producer = new Client(address)) {
                assertThat(producer.call("LOGIN guest x")).isEqualTo("OK");
                for (int i = 0; i < 12; i++) {
                    assertThat(producer.call("SEND prices p" + i)).isEqualTo("OK");
                }
            }
            JsonNode groupCommit = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + broker.httpPort() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("details").path("groupCommit");
            // One producer waiting for each acknowledgement: every send is its own group.
            assertThat(groupCommit.path("appends").asLong(-1)).isEqualTo(12);
            assertThat(groupCommit.path("forces").asLong(-1)).isEqualTo(12);
        }
    }

    @Test
    void securityFileAppliesToEveryFrontEnd() throws Exception {
        Path security = dir.resolve("security.properties");
        Files.writeString(security, String.join("\n",
                "anonymous.enabled=false",
                "user.alice.password=" + FileAuthService.hash("s3cret"),
                "user.alice.roles=traders",
                "permit.traders=send:orders, consume:orders"));
        try (Broker broker = Broker.start(config().with(BrokerConfig.SECURITY_FILE, security.toString()))) {
            InetSocketAddress address = broker.listeners().get("line").get(0);
            try (Client client = new Client(address)) {
                assertThat(client.call("LOGIN alice wrong")).startsWith("ERR user name or password is wrong");
                assertThat(client.call("LOGIN alice s3cret")).isEqualTo("OK");
                assertThat(client.call("SEND orders o1")).isEqualTo("OK");
                assertThat(client.call("SEND payroll x")).isEqualTo("ERR user 'alice' is not allowed to send on 'payroll'");
                assertThat(client.call("SUB payroll g")).isEqualTo("ERR user 'alice' is not allowed to consume on 'payroll'");
            }
        }
    }

    @Test
    void embeddedNameServerAnswersRouteQueriesForTheBrokersTopics() throws Exception {
        try (Broker broker = Broker.start(config().with(BrokerConfig.BROKER_NAME, "broker-x"))) {
            broker.engine().topics().create("orders", 4);
            io.netty.buffer.ByteBuf request = io.netty.buffer.Unpooled.buffer();
            dev.junctionmq.remoting.RemotingFrames.encode(dev.junctionmq.remoting.RemotingCommand.request(105)
                    .opaque(7).extField("topic", "orders").build(), request);
            byte[] frame = new byte[request.readableBytes()];
            request.readBytes(frame);
            // Registration is renewed every few seconds: wait until it includes the topic created above.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(15)).until(() -> {
                try (Socket socket = new Socket("127.0.0.1", broker.nameServerPort())) {
                    socket.setSoTimeout(5000);
                    socket.getOutputStream().write(frame);
                    java.io.DataInputStream in = new java.io.DataInputStream(socket.getInputStream());
                    int length = in.readInt();
                    byte[] rest = new byte[length];
                    in.readFully(rest);
                    io.netty.buffer.ByteBuf response = io.netty.buffer.Unpooled.buffer(4 + length);
                    response.writeInt(length).writeBytes(rest);
                    response.readInt();
                    var command = dev.junctionmq.remoting.RemotingFrames.decode(response);
                    if (command.code() != 0) {
                        return false;
                    }
                    String route = new String(command.body(), StandardCharsets.UTF_8);
                    assertThat(route).contains("\"brokerName\":\"broker-x\"").contains("\"readQueueNums\":4");
                    return true;
                }
            });
        }
    }
}
