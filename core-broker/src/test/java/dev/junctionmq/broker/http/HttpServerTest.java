package dev.junctionmq.broker.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpServerTest {

    private static final String LOCALHOST = "127.0.0.1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private HttpServer.Builder builder(Supplier<HealthReport> health) {
        return HttpServer.builder().host(LOCALHOST).port(0).health(health);
    }

    private int start(HttpServer server) {
        toClose.add(server);
        return server.start();
    }

    private int startUp() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topics", 3);
        details.put("store", "open");
        return start(builder(() -> HealthReport.up(details)).build());
    }

    private HttpResponse<String> send(int port, String method, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOCALHOST + ":" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body)
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return send(port, "GET", path, HttpRequest.BodyPublishers.noBody());
    }

    @Test
    void healthIs200WithTheReportAsJson() throws Exception {
        int port = startUp();

        HttpResponse<String> response = get(port, "/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.fieldNames()).toIterable().containsExactly("status", "details");
        assertThat(json.get("status").asText()).isEqualTo("UP");
        assertThat(json.get("details").get("topics").asInt()).isEqualTo(3);
        assertThat(json.get("details").get("store").asText()).isEqualTo("open");
        assertThat(response.headers().firstValueAsLong("content-length"))
                .hasValue(response.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void healthQueryStringIsIgnored() throws Exception {
        int port = startUp();

        assertThat(get(port, "/health?verbose=true").statusCode()).isEqualTo(200);
    }

    @Test
    void downIs503WithTheSameJson() throws Exception {
        int port = start(builder(() -> HealthReport.down(Map.of("store", "recovering"))).build());

        HttpResponse<String> response = get(port, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("status").asText()).isEqualTo("DOWN");
        assertThat(json.get("details").get("store").asText()).isEqualTo("recovering");
    }

    @Test
    void healthFollowsTheSupplierFromRequestToRequest() throws Exception {
        AtomicReference<HealthReport> current = new AtomicReference<>(HealthReport.up(Map.of()));
        int port = start(builder(current::get).build());

        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        current.set(HealthReport.down(Map.of()));
        assertThat(get(port, "/health").statusCode()).isEqualTo(503);
    }

    @Test
    void aFailingSupplierIsReportedAsDown() throws Exception {
        int port = start(builder(() -> {
            throw new IllegalStateException("engine not ready");
        }).build());

        HttpResponse<String> response = get(port, "/health");

        assertThat(response.statusCode()).isEqualTo(503);
        JsonNode json = JSON.readTree(response.body());
        assertThat(json.get("status").asText()).isEqualTo("DOWN");
        assertThat(json.get("details").get("error").asText()).contains("engine not ready");
        assertThat(get(port, "/health").statusCode()).as("server still serving").isEqualTo(503);
    }

    @Test
    void unknownPathIs404WithAShortTextBody() throws Exception {
        int port = startUp();

        HttpResponse<String> response = get(port, "/no/such/thing");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("404 Not Found\n");
    }

    @Test
    void postToHealthIs405WithAllow() throws Exception {
        int port = startUp();

        HttpResponse<String> response = send(port, "POST", "/health", HttpRequest.BodyPublishers.ofString("{}"));

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void headOnHealthHasTheGetHeadersAndNoBody() throws Exception {
        int port = startUp();
        HttpResponse<String> getResponse = get(port, "/health");

        HttpResponse<String> head = send(port, "HEAD", "/health", HttpRequest.BodyPublishers.noBody());

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(head.headers().firstValueAsLong("content-length"))
                .hasValue(getResponse.body().getBytes(StandardCharsets.UTF_8).length);
        assertThat(get(port, "/health").statusCode()).as("connection still in step").isEqualTo(200);
    }

    @Test
    void anOversizedBodyIs413AndTheServerKeepsServing() throws Exception {
        int port = startUp();
        byte[] tooBig = new byte[HttpServer.DEFAULT_MAX_CONTENT_LENGTH + 1];

        HttpResponse<String> rejected = send(port, "POST", "/health", HttpRequest.BodyPublishers.ofByteArray(tooBig));

        assertThat(rejected.statusCode()).isEqualTo(413);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOfExactlyTheLimitIsAccepted() throws Exception {
        int port = startUp();
        byte[] atLimit = new byte[HttpServer.DEFAULT_MAX_CONTENT_LENGTH];

        HttpResponse<String> response = send(port, "POST", "/health", HttpRequest.BodyPublishers.ofByteArray(atLimit));

        assertThat(response.statusCode()).as("routed, so not rejected for size").isEqualTo(405);
    }

    @Test
    void anOversizedBodyIsRejectedBeforeItIsSentWhenTheClientExpectsContinue() throws Exception {
        int port = startUp();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + LOCALHOST + ":" + port + "/health"))
                .timeout(Duration.ofSeconds(10))
                .expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1024 * 1024]))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void malformedRequestIs400AndTheConnectionIsClosed() throws Exception {
        int port = startUp();

        String answer = rawExchange(port, "GET /health HTTP/9.x\r\nHost: x\r\n\r\n");

        assertThat(answer).startsWith("HTTP/1.1 400 ");
    }

    @Test
    void idleConnectionsAreClosed() throws Exception {
        int port = start(builder(() -> HealthReport.up(Map.of())).idleTimeout(Duration.ofMillis(200)).build());

        try (Socket socket = new Socket(LOCALHOST, port)) {
            socket.setSoTimeout(10_000);
            assertThat(socket.getInputStream().read()).as("closed by the server, not timed out").isEqualTo(-1);
        }
    }

    @Test
    void twoServersRunAtOnceOnDifferentPorts() throws Exception {
        int first = start(builder(() -> HealthReport.up(Map.of("name", "first"))).build());
        int second = start(builder(() -> HealthReport.up(Map.of("name", "second"))).build());

        assertThat(first).isNotEqualTo(second);
        assertThat(JSON.readTree(get(first, "/health").body()).get("details").get("name").asText())
                .isEqualTo("first");
        assertThat(JSON.readTree(get(second, "/health").body()).get("details").get("name").asText())
                .isEqualTo("second");
    }

    @Test
    void closingReleasesThePort() throws Exception {
        HttpServer server = builder(() -> HealthReport.up(Map.of())).build();
        int port = start(server);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200); // leaves a kept-alive connection open

        server.close();

        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName(LOCALHOST))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void sharedEventLoopGroupsAreUsedAndNotShutDown() throws Exception {
        EventLoopGroup boss = new NioEventLoopGroup(1);
        EventLoopGroup workers = new NioEventLoopGroup(2);
        toClose.add(() -> {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        });
        HttpServer first = builder(() -> HealthReport.up(Map.of())).bossGroup(boss).workerGroup(workers).build();
        HttpServer second = builder(() -> HealthReport.up(Map.of())).bossGroup(boss).workerGroup(workers).build();
        int firstPort = start(first);
        int secondPort = start(second);
        assertThat(get(firstPort, "/health").statusCode()).isEqualTo(200);

        try (Socket open = new Socket(LOCALHOST, firstPort)) {
            open.setSoTimeout(10_000);
            // The connection is accepted asynchronously: make sure it is being served before closing.
            open.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(open.getInputStream().read()).isNotEqualTo(-1);

            first.close();

            assertThat(boss.isShuttingDown()).isFalse();
            assertThat(workers.isShuttingDown()).isFalse();
            drain(open.getInputStream()); // open connections are closed too: returns at end of stream, else times out
        }
        assertThat(get(secondPort, "/health").statusCode()).isEqualTo(200);
        try (ServerSocket socket = new ServerSocket(firstPort, 50, InetAddress.getByName(LOCALHOST))) {
            assertThat(socket.getLocalPort()).as("port released though the loops live on").isEqualTo(firstPort);
        }
    }

    @Test
    void aTakenPortFailsStartAndClosesTheServer() throws Exception {
        int port = startUp();
        HttpServer clash = HttpServer.builder().host(LOCALHOST).port(port).health(() -> HealthReport.up(null)).build();
        toClose.add(clash);

        assertThatThrownBy(clash::start)
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(LOCALHOST + ":" + port);
        assertThatThrownBy(clash::start).isInstanceOf(IllegalStateException.class);
        assertThat(get(port, "/health").statusCode()).isEqualTo(200);
    }

    @Test
    void startTwiceIsRefusedAndCloseIsIdempotent() {
        HttpServer server = builder(() -> HealthReport.up(Map.of())).build();
        start(server);

        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
        server.close();
        server.close();
        assertThat(server.port()).isPositive();
    }

    @Test
    void extraRoutesComeFromTheRouteTable() throws Exception {
        int port = start(builder(() -> HealthReport.up(Map.of()))
                .route("/ping", Set.of(HttpMethod.GET), request -> HttpResponses.text(HttpResponseStatus.OK, "pong"))
                .build());

        assertThat(get(port, "/ping").body()).isEqualTo("pong\n");
        HttpResponse<String> delete = send(port, "DELETE", "/ping", HttpRequest.BodyPublishers.noBody());
        assertThat(delete.statusCode()).isEqualTo(405);
        assertThat(delete.headers().firstValue("allow")).hasValue("GET, HEAD");
        assertThatThrownBy(() -> HttpServer.builder().route("/health", Set.of(HttpMethod.GET), r -> null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderAndReportValidateTheirInput() {
        assertThatThrownBy(() -> HttpServer.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HttpServer.builder().port(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HealthReport("MAYBE", Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HealthReport("UP", null).details()).isEmpty();
    }

    private static String rawExchange(int port, String request) throws IOException {
        try (Socket socket = new Socket(LOCALHOST, port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return drain(socket.getInputStream());
        }
    }

    /** Reads until the server closes the connection (a read timeout fails the test). */
    private static String drain(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
