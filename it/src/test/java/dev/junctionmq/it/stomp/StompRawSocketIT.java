package dev.junctionmq.it.stomp;

import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.FileAuthService;
import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.stomp.RawStompClient.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The STOMP front end on plain sockets, frame bytes written by hand; test names follow the STOMP 1.2 sections. */
class StompRawSocketIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(StompBrokers::config);

    private InetSocketAddress address;

    @BeforeEach
    void start() {
        address = StompBrokers.stompAddress(broker.broker());
    }

    private Engine engine() {
        return broker.broker().engine();
    }

    private RawStompClient connected(String... headers) throws Exception {
        RawStompClient client = new RawStompClient(address);
        Frame connected = client.connect(headers);
        assertThat(connected.command()).isEqualTo("CONNECTED");
        return client;
    }

    /** The topic's messages once {@code count} are indexed (the store indexes them just after storing). */
    private List<Message> stored(String topic, int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> engine().browse(topic, 0, 0, 100).size() >= count);
        List<Message> messages = engine().browse(topic, 0, 0, 100);
        assertThat(messages).hasSize(count);
        return messages;
    }

    private static void assertErrorThenClosed(RawStompClient client, String message) throws Exception {
        Frame error = client.read();
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(error.header("message")).isEqualTo(message);
        assertThat(error.bodyText()).startsWith(message);
        client.awaitClosed();
    }

    @Test
    void protocolNegotiation_picksTheHighestCommonVersion() throws Exception {
        try (RawStompClient client = new RawStompClient(address)) {
            client.frame("CONNECT", "", "accept-version:1.0,1.1,1.2", "host:localhost");
            Frame connected = client.read();
            assertThat(connected.command()).isEqualTo("CONNECTED");
            assertThat(connected.header("version")).isEqualTo("1.2");
            assertThat(connected.header("heart-beat")).isEqualTo("100,100");
            assertThat(connected.header("session")).isNotBlank();
        }
        try (RawStompClient client = new RawStompClient(address)) {
            client.frame("STOMP", "", "accept-version:1.0,1.1", "host:localhost");
            assertThat(client.read().header("version")).isEqualTo("1.1");
        }
        try (RawStompClient client = new RawStompClient(address)) {
            client.frame("CONNECT", "");
            Frame connected = client.read();
            assertThat(connected.command()).isEqualTo("CONNECTED");
            assertThat(connected.header("version")).isNull(); // STOMP 1.0
        }
        try (RawStompClient client = new RawStompClient(address)) {
            client.frame("CONNECT", "", "accept-version:2.0,3.1", "host:localhost");
            assertErrorThenClosed(client, "no supported protocol version in accept-version '2.0,3.1'");
        }
    }

    @Test
    void valueEncoding_escapedHeadersRoundTripAsProperties() throws Exception {
        try (RawStompClient consumer = connected(); RawStompClient producer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s1", "destination:/queue/escape", "receipt:r1");
            assertThat(consumer.read().header("receipt-id")).isEqualTo("r1");
            producer.frame("SEND", "x", "destination:/queue/escape", "odd\\cname:a\\nb\\cc\\\\d\\re",
                    "receipt:sent");
            assertThat(producer.read().header("receipt-id")).isEqualTo("sent");
            Frame message = consumer.read();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.header("odd:name")).isEqualTo("a\nb:c\\d\re");
            assertThat(message.rawHeaders()).contains("odd\\cname:a\\nb\\cc\\\\d\\re");
            assertThat(message.bodyText()).isEqualTo("x");
            Message stored = stored("escape", 1).get(0);
            assertThat(stored.property("odd:name")).isEqualTo("a\nb:c\\d\re");
        }
    }

    @Test
    void contentLength_bodyMayHoldNulBytes() throws Exception {
        try (RawStompClient consumer = connected(); RawStompClient producer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s1", "destination:/queue/binary", "receipt:r1");
            consumer.read();
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            byte[] body = {'a', 0, 'b', 0, 0, 'c'};
            frame.writeBytes("SEND\ndestination:/queue/binary\ncontent-length:6\n\n".getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(body);
            frame.write(0);
            frame.writeBytes("\n\n".getBytes(StandardCharsets.UTF_8)); // heart-beat EOLs between frames
            producer.write(frame.toByteArray());
            Frame message = consumer.read();
            assertThat(message.body()).containsExactly(body);
            assertThat(message.header("content-length")).isEqualTo("6");
            assertThat(message.header("destination")).isEqualTo("/queue/binary");
        }
    }

    @Test
    void declaredContentLengthOverTheLimit_isRefusedBeforeTheBodyArrives() throws Exception {
        try (RawStompClient client = connected()) {
            client.write("SEND\ndestination:/queue/big\ncontent-length:" + (StompBrokers.MAX_MESSAGE_SIZE + 1)
                    + "\n\n");
            assertErrorThenClosed(client, "frame body of " + (StompBrokers.MAX_MESSAGE_SIZE + 1)
                    + " bytes exceeds the maximum message size of " + StompBrokers.MAX_MESSAGE_SIZE + " bytes");
        }
        try (RawStompClient consumer = connected(); RawStompClient producer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s1", "destination:/queue/big", "receipt:r");
            consumer.read();
            producer.frame("SEND", "still served", "destination:/queue/big");
            assertThat(consumer.read().bodyText()).isEqualTo("still served");
        }
    }

    @Test
    void tooManyHeaders_isAnError() throws Exception {
        try (RawStompClient client = connected()) {
            List<String> headers = new ArrayList<>(List.of("destination:/queue/h"));
            for (int i = 0; i < 50; i++) {
                headers.add("h" + i + ":v");
            }
            client.frame("SEND", "", headers.toArray(String[]::new));
            assertErrorThenClosed(client, "STOMP frame has more than 50 headers");
        }
    }

    @Test
    void unknownCommand_isAnErrorWithAMessageHeader() throws Exception {
        try (RawStompClient client = connected()) {
            client.frame("FOO", "", "receipt:r9");
            Frame error = client.read();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("unknown STOMP command 'FOO'");
            assertThat(error.header("receipt-id")).isEqualTo("r9");
            assertThat(error.bodyText()).contains("Commands are SEND, SUBSCRIBE");
            client.awaitClosed();
        }
    }

    @Test
    void send_withoutDestinationIsAnError() throws Exception {
        try (RawStompClient client = connected()) {
            client.frame("SEND", "body");
            assertErrorThenClosed(client, "SEND requires a destination header");
        }
        try (RawStompClient client = connected()) {
            client.frame("SEND", "body", "destination:/exchange/x");
            assertErrorThenClosed(client, "unsupported destination '/exchange/x'");
        }
        try (RawStompClient client = connected()) {
            client.frame("SUBSCRIBE", "", "destination:/queue/x");
            assertErrorThenClosed(client, "SUBSCRIBE requires an id header");
        }
    }

    @Test
    void connect_withWrongPasscodeIsRefused() throws Exception {
        broker.stop();
        Path security = broker.directory().resolve("security.properties");
        Files.writeString(security, String.join("\n", "anonymous.enabled=false",
                "user.alice.password=" + FileAuthService.hash("s3cret"), "user.alice.roles=traders",
                "permit.traders=send:orders, consume:orders"));
        broker.start(directory -> StompBrokers.config(directory.resolve("secured"))
                .with("security.file", security.toString()));
        address = StompBrokers.stompAddress(broker.broker());
        try (RawStompClient client = new RawStompClient(address)) {
            Frame error = client.connect("login:alice", "passcode:wrong");
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("user name or password is wrong for user 'alice'");
            client.awaitClosed();
        }
        try (RawStompClient client = new RawStompClient(address)) {
            assertThat(client.connect().header("message"))
                    .isEqualTo("anonymous access is not allowed; give a user name and password");
            client.awaitClosed();
        }
        try (RawStompClient client = new RawStompClient(address)) {
            assertThat(client.connect("login:alice", "passcode:s3cret").command()).isEqualTo("CONNECTED");
            client.frame("SEND", "o1", "destination:/queue/orders", "receipt:ok");
            assertThat(client.read().header("receipt-id")).isEqualTo("ok");
            client.frame("SEND", "p1", "destination:/queue/payroll", "receipt:no");
            Frame error = client.read();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("user 'alice' is not allowed to send on 'payroll'");
            assertThat(error.header("receipt-id")).isEqualTo("no");
            client.awaitClosed();
        }
    }

    @Test
    void connecting_aSilentSocketIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (RawStompClient client = new RawStompClient(address)) {
            long started = System.nanoTime();
            client.awaitClosed();
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(400L, 5_000L);
        }
    }

    @Test
    void heartBeating_silentClientIsDisconnectedAndServerBeats() throws Exception {
        try (RawStompClient client = connected("heart-beat:100,0")) {
            long started = System.nanoTime();
            client.awaitClosed();
            assertThat((System.nanoTime() - started) / 1_000_000).isBetween(150L, 5_000L);
        }
        try (RawStompClient client = connected("heart-beat:0,100")) {
            assertThat(client.readByte()).isEqualTo('\n');
            assertThat(client.readByte()).isEqualTo('\n');
            client.frame("DISCONNECT", "", "receipt:bye");
            Frame receipt = client.read();
            assertThat(receipt.command()).isEqualTo("RECEIPT");
            assertThat(receipt.header("receipt-id")).isEqualTo("bye");
            client.awaitClosed();
        }
    }

    @Test
    void transactions_abortLeavesNothingAndCommitDelivers() throws Exception {
        try (RawStompClient producer = connected()) {
            producer.frame("BEGIN", "", "transaction:t1");
            producer.frame("SEND", "aborted", "destination:/queue/tx", "transaction:t1");
            producer.frame("ABORT", "", "transaction:t1", "receipt:a");
            assertThat(producer.read().header("receipt-id")).isEqualTo("a");
            producer.frame("BEGIN", "", "transaction:t2");
            producer.frame("SEND", "committed", "destination:/queue/tx", "transaction:t2", "receipt:s");
            assertThat(producer.read().header("receipt-id")).isEqualTo("s");
            assertThat(engine().browse("tx", 0, 0, 10)).isEmpty();
            producer.frame("COMMIT", "", "transaction:t2", "receipt:c");
            assertThat(producer.read().header("receipt-id")).isEqualTo("c");
            assertThat(stored("tx", 1)).extracting(m -> new String(m.body(), StandardCharsets.UTF_8))
                    .containsExactly("committed");
        }
        try (RawStompClient consumer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s", "destination:/queue/tx", "ack:client-individual");
            Frame first = consumer.read();
            assertThat(first.bodyText()).isEqualTo("committed");
            assertThat(first.header("redelivered")).isNull();
            consumer.frame("BEGIN", "", "transaction:t3");
            consumer.frame("ACK", "", "id:" + first.header("ack"), "transaction:t3");
            consumer.frame("ABORT", "", "transaction:t3");
            Frame again = consumer.read();
            assertThat(again.bodyText()).isEqualTo("committed");
            assertThat(again.header("redelivered")).isEqualTo("true");
            consumer.frame("BEGIN", "", "transaction:t4");
            consumer.frame("ACK", "", "id:" + again.header("ack"), "transaction:t4");
            consumer.frame("COMMIT", "", "transaction:t4", "receipt:done");
            assertThat(consumer.read().header("receipt-id")).isEqualTo("done");
        }
        try (RawStompClient consumer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s", "destination:/queue/tx", "ack:client-individual");
            consumer.frame("SEND", "marker", "destination:/queue/tx");
            assertThat(consumer.read().bodyText()).isEqualTo("marker"); // the committed ACK held
        }
    }

    @Test
    void subscribe_selectorFiltersMessages() throws Exception {
        try (RawStompClient consumer = connected(); RawStompClient producer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s", "destination:/topic/paint", "selector:color = 'red'",
                    "receipt:r");
            consumer.read();
            for (String color : List.of("blue", "red", "green", "red")) {
                producer.frame("SEND", color + "-paint", "destination:/topic/paint", "color:" + color);
            }
            producer.frame("SEND", "last", "destination:/topic/paint", "color:red");
            assertThat(List.of(consumer.read().bodyText(), consumer.read().bodyText(), consumer.read().bodyText()))
                    .containsExactly("red-paint", "red-paint", "last");
        }
        try (RawStompClient consumer = connected()) {
            consumer.frame("SUBSCRIBE", "", "id:s", "destination:/topic/paint", "selector:color = = 'red'");
            Frame error = consumer.read();
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).startsWith("invalid selector 'color = = 'red''");
            consumer.awaitClosed();
        }
    }

    @Test
    void durableTopicSubscription_keepsMessagesSentWhileDisconnected() throws Exception {
        try (RawStompClient subscriber = connected("client-id:app-1"); RawStompClient producer = connected()) {
            subscriber.frame("SUBSCRIBE", "", "id:d", "destination:/topic/news", "activemq.subscriptionName:feed",
                    "receipt:r");
            subscriber.read();
            producer.frame("SEND", "n1", "destination:/topic/news");
            assertThat(subscriber.read().bodyText()).isEqualTo("n1");
            subscriber.frame("DISCONNECT", "", "receipt:bye");
            assertThat(subscriber.read().command()).isEqualTo("RECEIPT");
            subscriber.awaitClosed();
            producer.frame("SEND", "n2", "destination:/topic/news");
            producer.frame("SEND", "n3", "destination:/topic/news", "receipt:sent");
            assertThat(producer.read().header("receipt-id")).isEqualTo("sent");
        }
        try (RawStompClient subscriber = connected("client-id:app-1")) {
            subscriber.frame("SUBSCRIBE", "", "id:d", "destination:/topic/news", "activemq.subscriptionName:feed");
            assertThat(List.of(subscriber.read().bodyText(), subscriber.read().bodyText())).containsExactly("n2", "n3");
        }
        try (RawStompClient stranger = connected()) {
            stranger.frame("SUBSCRIBE", "", "id:d", "destination:/topic/news", "activemq.subscriptionName:feed");
            assertErrorThenClosed(stranger, "durable subscription 'feed' needs a client-id header on CONNECT");
        }
    }

    @Test
    void durableTopicSubscription_unsubscribeWithItsNameDeletesIt() throws Exception {
        try (RawStompClient subscriber = connected("client-id:app-2"); RawStompClient producer = connected()) {
            subscriber.frame("SUBSCRIBE", "", "id:d", "destination:/topic/bulletin",
                    "activemq.subscriptionName:weekly", "receipt:s");
            assertThat(subscriber.read().header("receipt-id")).isEqualTo("s");
            subscriber.frame("UNSUBSCRIBE", "", "id:d", "activemq.subscriptionName:weekly", "receipt:u");
            assertThat(subscriber.read().header("receipt-id")).isEqualTo("u");
            // no subscription any more: nothing is kept for "weekly"
            producer.frame("SEND", "while-deleted", "destination:/topic/bulletin", "receipt:sent");
            assertThat(producer.read().header("receipt-id")).isEqualTo("sent");

            subscriber.frame("SUBSCRIBE", "", "id:d2", "destination:/topic/bulletin",
                    "activemq.subscriptionName:weekly", "receipt:s2");
            assertThat(subscriber.read().header("receipt-id")).isEqualTo("s2");
            producer.frame("SEND", "after", "destination:/topic/bulletin");
            assertThat(subscriber.read().bodyText()).as("a new subscription starts with what is sent after it")
                    .isEqualTo("after");
        }
        try (RawStompClient client = connected("client-id:app-2")) {
            client.frame("UNSUBSCRIBE", "", "id:x", "activemq.subscriptionName:never-made");
            assertErrorThenClosed(client, "no durable subscription 'never-made' for client-id 'app-2'");
        }
    }

    @Test
    void bodiesAndPropertiesAreTheSameThroughTheEngine() throws Exception {
        byte[] body = new byte[256];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        try (RawStompClient client = connected()) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(("SEND\ndestination:/queue/xcheck\ncontent-length:256\ncontent-type:application/x-test\n"
                    + "TAGS:tagA\ncolor:red\nreceipt:r\n\n").getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(body);
            frame.write(0);
            client.write(frame.toByteArray());
            assertThat(client.read().header("receipt-id")).isEqualTo("r");
            List<Message> stored = stored("xcheck", 1);
            assertThat(stored.get(0).body()).containsExactly(body);
            assertThat(stored.get(0).tag()).isEqualTo("tagA");
            assertThat(stored.get(0).property("color")).isEqualTo("red");
            assertThat(stored.get(0).property("content-type")).isEqualTo("application/x-test");
            assertThat(stored.get(0).properties()).doesNotContainKeys("destination", "receipt", "content-length");

            engine().send(OutgoingMessage.builder("xcheck").body(body).property("size", "L").build()).join();
            client.frame("SUBSCRIBE", "", "id:s", "destination:/queue/xcheck");
            Frame first = client.read();
            Frame second = client.read();
            assertThat(first.body()).containsExactly(body);
            assertThat(first.header("TAGS")).isEqualTo("tagA");
            assertThat(first.header("content-type")).isEqualTo("application/x-test");
            assertThat(first.header("message-id")).isEqualTo(stored.get(0).messageId());
            assertThat(second.body()).containsExactly(body);
            assertThat(second.header("size")).isEqualTo("L");
            assertThat(second.headers()).doesNotContainKey("UNIQ_KEY");
        }
    }

    @Test
    void frameBeforeConnect_isAnError() throws Exception {
        try (RawStompClient client = new RawStompClient(address)) {
            client.frame("SEND", "x", "destination:/queue/a");
            assertErrorThenClosed(client, "not connected: the first frame must be CONNECT or STOMP, not 'SEND'");
        }
        try (RawStompClient client = new RawStompClient(address)) {
            Frame error = client.connect("heart-beat:x");
            assertThat(error.command()).isEqualTo("ERROR");
            assertThat(error.header("message")).isEqualTo("invalid heart-beat header 'x'");
            client.awaitClosed();
        }
    }
}
