package dev.junctionmq.it.stomp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A STOMP client on a plain socket: writes frame bytes as given, reads frames back byte by byte. */
final class RawStompClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawStompClient(InetSocketAddress address) throws IOException {
        socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A received frame: raw header lines as sent, headers unescaped per STOMP 1.2 (except CONNECTED). */
    record Frame(String command, List<String> rawHeaders, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes COMMAND, the header lines, an empty line, the body and NUL. */
    void frame(String command, String body, String... headers) throws IOException {
        StringBuilder text = new StringBuilder(command).append('\n');
        for (String header : headers) {
            text.append(header).append('\n');
        }
        write(text.append('\n').append(body).append('\0').toString());
    }

    /** CONNECT with accept-version 1.2 and the given extra headers; returns the answer. */
    Frame connect(String... headers) throws IOException {
        List<String> all = new ArrayList<>(List.of("accept-version:1.2", "host:localhost"));
        all.addAll(List.of(headers));
        frame("CONNECT", "", all.toArray(String[]::new));
        return read();
    }

    /** The next frame, skipping heart-beat EOLs; null at end of stream. */
    Frame read() throws IOException {
        int b;
        do {
            b = in.read();
            if (b < 0) {
                return null;
            }
        } while (b == '\n' || b == '\r');
        String command = (char) b + readLine();
        List<String> raw = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            raw.add(line);
            int colon = line.indexOf(':');
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1);
            if (!command.equals("CONNECTED")) {
                name = unescape(name);
                value = unescape(value);
            }
            headers.putIfAbsent(name, value);
        }
        byte[] body;
        if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
            if (in.read() != 0) {
                throw new IOException("body not followed by NUL");
            }
        } else {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int c = in.read(); c != 0; c = in.read()) {
                if (c < 0) {
                    throw new IOException("end of stream inside a frame body");
                }
                bytes.write(c);
            }
            body = bytes.toByteArray();
        }
        return new Frame(command, raw, headers, body);
    }

    /** Reads until the server closes the connection (heart-beats allowed); fails on the socket timeout. */
    void awaitClosed() throws IOException {
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
            // discard
        }
    }

    /** The next single byte (heart-beats are single EOLs). */
    int readByte() throws IOException {
        return in.read();
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("end of stream inside a frame");
            }
            line.write(c);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static String unescape(String raw) {
        return raw.replace("\\\\", "\u0000").replace("\\n", "\n").replace("\\r", "\r").replace("\\c", ":")
                .replace("\u0000", "\\");
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
