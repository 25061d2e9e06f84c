package dev.junctionmq.it.stomp;

import dev.junctionmq.it.InProcessBroker;
import dev.junctionmq.it.stomp.RawStompClient.Frame;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * STOMP over WebSocket on the broker's HTTP port, with the JDK's standard WebSocket client; messages cross between
 * WebSocket and plain TCP STOMP clients.
 */
class StompWebSocketIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(StompBrokers::config);

    private HttpClient http;

    @BeforeEach
    void start() {
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    private URI uri(String path) {
        return URI.create("ws://127.0.0.1:" + broker.broker().httpPort() + path);
    }

    /** A parsed STOMP frame received over WebSocket, and whether its WebSocket message was text. */
    record WsFrame(String command, Map<String, String> headers, byte[] body, boolean text) {
        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Collects whole WebSocket messages as STOMP frames (heart-beats skipped) and the close status. */
    static final class Client implements WebSocket.Listener {
        final BlockingQueue<WsFrame> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            return onData(webSocket, data.toString().getBytes(StandardCharsets.UTF_8), last, true);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            return onData(webSocket, bytes, last, false);
        }

        private CompletionStage<?> onData(WebSocket webSocket, byte[] bytes, boolean last, boolean text) {
            partial.writeBytes(bytes);
            if (last) {
                byte[] message = partial.toByteArray();
                partial.reset();
                WsFrame frame = parse(message, text);
                if (frame != null) {
                    frames.add(frame);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        WsFrame next() throws InterruptedException {
            WsFrame frame = frames.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(frame).as("a STOMP frame over WebSocket within " + TIMEOUT).isNotNull();
            return frame;
        }

        void send(String command, String body, String... headers) {
            StringBuilder text = new StringBuilder(command).append('\n');
            for (String header : headers) {
                text.append(header).append('\n');
            }
            ws.sendText(text.append('\n').append(body).append('\0'), true).join();
        }

        private static WsFrame parse(byte[] message, boolean text) {
            int pos = 0;
            while (pos < message.length && (message[pos] == '\n' || message[pos] == '\r')) {
                pos++;
            }
            if (pos == message.length) {
                return null; // heart-beat
            }
            String head;
            int blank = indexOf(message, pos);
            head = new String(message, pos, blank - pos, StandardCharsets.UTF_8);
            String[] lines = head.split("\n");
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
            int bodyStart = blank + 2;
            int bodyLength = headers.containsKey("content-length")
                    ? Integer.parseInt(headers.get("content-length"))
                    : message.length - 1 - bodyStart;
            byte[] body = new byte[bodyLength];
            System.arraycopy(message, bodyStart, body, 0, bodyLength);
            assertThat(message[bodyStart + bodyLength]).as("NUL after the body").isZero();
            return new WsFrame(lines[0], headers, body, text);
        }

        private static int indexOf(byte[] message, int from) {
            for (int i = from; i + 1 < message.length; i++) {
                if (message[i] == '\n' && message[i + 1] == '\n') {
                    return i;
                }
            }
            throw new AssertionError("no end of headers in " + new String(message, StandardCharsets.UTF_8));
        }
    }

    private Client open(String... subprotocols) {
        Client client = new Client();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1,
                    subprotocols.length));
        }
        client.ws = builder.buildAsync(uri("/stomp"), client).orTimeout(10, TimeUnit.SECONDS).join();
        return client;
    }

    private Client connected(String... subprotocols) throws Exception {
        Client client = open(subprotocols);
        client.send("CONNECT", "", "accept-version:1.2", "host:localhost", "heart-beat:0,0");
        WsFrame connected = client.next();
        assertThat(connected.command()).isEqualTo("CONNECTED");
        assertThat(connected.headers()).containsEntry("version", "1.2");
        return client;
    }

    private RawStompClient tcp() throws Exception {
        RawStompClient client = new RawStompClient(StompBrokers.stompAddress(broker.broker()));
        assertThat(client.connect().command()).isEqualTo("CONNECTED");
        return client;
    }

    @Test
    void negotiatesTheHighestOfferedSubprotocol() throws Exception {
        Client client = connected("v10.stomp", "v11.stomp", "v12.stomp");
        assertThat(client.ws.getSubprotocol()).isEqualTo("v12.stomp");
        client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        assertThat(client.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }

    @Test
    void noSubprotocolIsAcceptedAsStomp() throws Exception {
        Client client = connected();
        assertThat(client.ws.getSubprotocol()).isEmpty();
    }

    @Test
    void onlyForeignSubprotocolsAreRefused() {
        assertThatThrownBy(() -> open("mqtt"))
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(400));
    }

    @Test
    void tcpMessageArrivesOverWebSocketWithIdenticalBody() throws Exception {
        Client ws = connected("v12.stomp");
        assertThat(ws.ws.getSubprotocol()).isEqualTo("v12.stomp");
        ws.send("SUBSCRIBE", "", "id:1", "destination:/topic/x", "receipt:r1");
        WsFrame receipt = ws.next();
        assertThat(receipt.command()).isEqualTo("RECEIPT");
        assertThat(receipt.headers()).containsEntry("receipt-id", "r1");

        String body = "hello über WebSocket ✓\nsecond line";
        try (RawStompClient tcp = tcp()) {
            tcp.frame("SEND", body, "destination:/topic/x", "content-type:text/plain", "receipt:s1");
            assertThat(tcp.read().command()).isEqualTo("RECEIPT");
        }
        WsFrame message = ws.next();
        assertThat(message.command()).isEqualTo("MESSAGE");
        assertThat(message.text()).isTrue();
        assertThat(message.headers()).containsEntry("destination", "/topic/x").containsEntry("subscription", "1");
        assertThat(message.bodyText()).isEqualTo(body);
    }

    @Test
    void aBodyThatIsNotUtf8ArrivesAsABinaryFrame() throws Exception {
        Client ws = connected("v12.stomp");
        ws.send("SUBSCRIBE", "", "id:1", "destination:/topic/bin", "receipt:r1");
        assertThat(ws.next().command()).isEqualTo("RECEIPT");
        byte[] body = {(byte) 0xff, 0, (byte) 0xfe, 'x'};
        try (RawStompClient tcp = tcp()) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(("SEND\ndestination:/topic/bin\ncontent-length:" + body.length + "\nreceipt:s1\n\n")
                    .getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(body);
            frame.write(0);
            tcp.write(frame.toByteArray());
            assertThat(tcp.read().command()).isEqualTo("RECEIPT");
        }
        WsFrame message = ws.next();
        assertThat(message.command()).isEqualTo("MESSAGE");
        assertThat(message.text()).isFalse();
        assertThat(message.body()).isEqualTo(body);
    }

    @Test
    void webSocketMessageArrivesAtATcpSubscriber() throws Exception {
        try (RawStompClient tcp = tcp()) {
            tcp.frame("SUBSCRIBE", "", "id:7", "destination:/topic/y", "receipt:r1");
            assertThat(tcp.read().command()).isEqualTo("RECEIPT");

            Client ws = connected("v12.stomp");
            String body = "from the browser, with ünïcödé";
            ws.send("SEND", body, "destination:/topic/y", "receipt:s1");
            WsFrame receipt = ws.next();
            assertThat(receipt.command()).isEqualTo("RECEIPT");
            assertThat(receipt.headers()).containsEntry("receipt-id", "s1");

            Frame message = tcp.read();
            assertThat(message.command()).isEqualTo("MESSAGE");
            assertThat(message.header("subscription")).isEqualTo("7");
            assertThat(message.bodyText()).isEqualTo(body);
        }
    }

    @Test
    void unknownPathIs404() {
        assertThatThrownBy(() -> http.newWebSocketBuilder().buildAsync(uri("/nowhere"), new Client())
                .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(404));
    }

    @Test
    void plainHttpRequestForTheWebSocketPathIs426() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + broker.broker().httpPort() + "/stomp"))
                        .timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(426);
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        Client ws = connected("v12.stomp");
        // Heart-beat EOLs only, so the STOMP decoder has nothing to object to: the WebSocket limit
        // (64 KiB body + 256 KiB headers + 10 KiB command line) closes the connection. The JDK client sends this
        // as several frames, so the limit on a fragmented message applies.
        ws.ws.sendText("\n".repeat(400 * 1024), true);
        assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1009);
    }

    @Test
    void oversizedSingleFrameIsRefusedByItsDeclaredLength() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", broker.broker().httpPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /stomp HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: v12.stomp\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            StringBuilder response = new StringBuilder();
            while (!response.toString().endsWith("\r\n\r\n")) {
                response.append((char) in.readUnsignedByte());
            }
            assertThat(response.toString()).startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("sec-websocket-protocol: v12.stomp");
            // only the header of a masked text frame declaring 1 MiB: refused before any payload is read
            ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                    .putLong(1 << 20).putInt(0x01020304);
            out.write(header.array());
            out.flush();
            assertThat(in.readUnsignedByte()).as("FIN + close opcode").isEqualTo(0x88);
            int length = in.readUnsignedByte();
            assertThat(length).isGreaterThanOrEqualTo(2);
            assertThat(in.readUnsignedShort()).isEqualTo(1009);
        }
    }

    @Test
    void stompErrorOverWebSocketIsAnErrorFrameThenANormalClose() throws Exception {
        Client ws = connected("v12.stomp");
        ws.send("FOO", "");
        WsFrame error = ws.next();
        assertThat(error.command()).isEqualTo("ERROR");
        assertThat(error.headers()).containsEntry("message", "unknown STOMP command 'FOO'");
        assertThat(ws.closed.get(10, TimeUnit.SECONDS)).isEqualTo(WebSocket.NORMAL_CLOSURE);
    }
}
