package dev.junctionmq.bench.stomp;

import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes client frames into a buffer that goes to the socket on {@link #flush()} (or when full), so a sender decides
 * how many frames share one write. Header names and values must need no STOMP escaping (the benchmark's own never
 * do; {@code ack} ids are sent back exactly as received, escaped or not). Not thread-safe.
 */
final class StompFrameWriter implements Flushable {

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int length;

    StompFrameWriter(OutputStream out) {
        this.out = out;
    }

    /** Starts a frame: its command line. Follow with {@link #header}s and one {@link #end}. */
    StompFrameWriter command(String command) throws IOException {
        return text(command).text("\n");
    }

    StompFrameWriter header(String name, String value) throws IOException {
        return text(name).text(":").text(value).text("\n");
    }

    StompFrameWriter header(String name, long value) throws IOException {
        return header(name, Long.toString(value));
    }

    /** Ends the headers, writes {@code body} (with a content-length header first when it is not empty) and NUL. */
    void end(byte[] body) throws IOException {
        if (body.length > 0) {
            header("content-length", body.length);
        }
        text("\n");
        bytes(body);
        bytes(new byte[] {0});
    }

    @Override
    public void flush() throws IOException {
        if (length > 0) {
            out.write(buffer, 0, length);
            length = 0;
        }
        out.flush();
    }

    private StompFrameWriter text(String text) throws IOException {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private StompFrameWriter bytes(byte[] bytes) throws IOException {
        if (length + bytes.length > buffer.length) {
            out.write(buffer, 0, length);
            length = 0;
        }
        if (bytes.length > buffer.length) {
            out.write(bytes);
        } else {
            System.arraycopy(bytes, 0, buffer, length, bytes.length);
            length += bytes.length;
        }
        return this;
    }
}
