package dev.junctionmq.bench.stomp;

import java.io.EOFException;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads STOMP frames (STOMP 1.2 §"STOMP Frames") from a broker, for the benchmark client. Header values are kept as
 * they arrive (still escaped), so an {@code ack} value sent back in an ACK frame is byte for byte what the broker
 * sent; the first of repeated headers wins. Blank lines between frames (heart-beats) are skipped. Its own buffer,
 * not a BufferedInputStream: one synchronized read() per byte would cost the client more than the broker it
 * measures. Not thread-safe.
 */
final class StompFrameReader {

    /** A received frame; {@code body} is empty for frames without one. */
    record Frame(String command, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final InputStream in;
    private final int maxFrameBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private byte[] line = new byte[256];
    private Flushable beforeBlocking = () -> { };

    StompFrameReader(InputStream in, int maxFrameBytes) {
        this.in = in;
        this.maxFrameBytes = maxFrameBytes;
    }

    /**
     * {@code flushable} is flushed whenever the reader is about to wait for the socket: frames the caller wrote in
     * answer (ACKs) go out in batches, yet never sit in a buffer while both sides wait.
     */
    void flushBeforeBlocking(Flushable flushable) {
        this.beforeBlocking = flushable;
    }

    Frame read() throws IOException {
        String command;
        do {
            command = readLine();
        } while (command.isEmpty());
        Map<String, String> headers = new HashMap<>();
        int headerBytes = 0;
        for (String header = readLine(); !header.isEmpty(); header = readLine()) {
            headerBytes += header.length();
            if (headerBytes > maxFrameBytes) {
                throw new IOException("frame headers larger than " + maxFrameBytes + " bytes");
            }
            int colon = header.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header line '" + header + "' in " + command);
            }
            headers.putIfAbsent(header.substring(0, colon), header.substring(colon + 1));
        }
        String length = headers.get("content-length");
        byte[] body = length != null ? readBody(Integer.parseInt(length.trim())) : readUntilNul();
        return new Frame(command, headers, body);
    }

    private byte[] readBody(int length) throws IOException {
        if (length < 0 || length > maxFrameBytes) {
            throw new IOException("content-length " + length + " outside 0.." + maxFrameBytes);
        }
        byte[] body = new byte[length];
        int copied = 0;
        while (copied < length) {
            fill();
            int n = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, body, copied, n);
            position += n;
            copied += n;
        }
        if (next() != 0) {
            throw new IOException("frame body not followed by NUL");
        }
        return body;
    }

    private byte[] readUntilNul() throws IOException {
        int length = 0;
        for (byte b = next(); b != 0; b = next()) {
            line = append(line, length++, b);
        }
        byte[] body = new byte[length];
        System.arraycopy(line, 0, body, 0, length);
        return body;
    }

    /** One line without its LF (and without a CR before it); header lines and commands are UTF-8. */
    private String readLine() throws IOException {
        int length = 0;
        for (byte b = next(); b != '\n'; b = next()) {
            line = append(line, length++, b);
        }
        if (length > 0 && line[length - 1] == '\r') {
            length--;
        }
        return new String(line, 0, length, StandardCharsets.UTF_8);
    }

    private byte[] append(byte[] target, int index, byte b) throws IOException {
        if (index >= maxFrameBytes) {
            throw new IOException("frame larger than " + maxFrameBytes + " bytes");
        }
        byte[] grown = index < target.length ? target : Arrays.copyOf(target, target.length * 2);
        grown[index] = b;
        return grown;
    }

    private byte next() throws IOException {
        fill();
        return buffer[position++];
    }

    private void fill() throws IOException {
        if (position < limit) {
            return;
        }
        beforeBlocking.flush();
        int n = in.read(buffer);
        if (n < 0) {
            throw new EOFException("connection closed by the broker");
        }
        position = 0;
        limit = n;
    }
}
