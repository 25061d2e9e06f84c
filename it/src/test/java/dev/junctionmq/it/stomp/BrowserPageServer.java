package dev.junctionmq.it.stomp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Serves the browser test's page and the @stomp/stompjs bundle from a JDK HttpServer on 127.0.0.1 (an ephemeral
 * port). Only the files named here are served; anything else is a 404.
 */
final class BrowserPageServer implements AutoCloseable {

    private final HttpServer server;

    /** {@code files}: URL path (such as {@code /roundtrip.html}) → file and its content type. */
    BrowserPageServer(Map<String, Path> files) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Path file = files.get(exchange.getRequestURI().getPath());
                if (file == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                respond(exchange, file);
            }
        });
        server.start();
    }

    private static void respond(HttpExchange exchange, Path file) throws IOException {
        byte[] content = Files.readAllBytes(file);
        String name = file.getFileName().toString();
        exchange.getResponseHeaders().set("Content-Type",
                name.endsWith(".html") ? "text/html; charset=utf-8" : "text/javascript; charset=utf-8");
        exchange.sendResponseHeaders(200, content.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content);
        }
    }

    /** The http URL of {@code path} on this server. */
    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
