package dev.junctionmq.stomp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One STOMP frame: a command, headers in arrival order (the first of repeated headers wins, STOMP 1.2 "Repeated
 * Header Entries"), and the body bytes exactly as sent.
 */
public final class StompFrame {

    public static final String CONNECT = "CONNECT";
    public static final String STOMP = "STOMP";
    public static final String CONNECTED = "CONNECTED";
    public static final String SEND = "SEND";
    public static final String SUBSCRIBE = "SUBSCRIBE";
    public static final String UNSUBSCRIBE = "UNSUBSCRIBE";
    public static final String ACK = "ACK";
    public static final String NACK = "NACK";
    public static final String BEGIN = "BEGIN";
    public static final String COMMIT = "COMMIT";
    public static final String ABORT = "ABORT";
    public static final String DISCONNECT = "DISCONNECT";
    public static final String MESSAGE = "MESSAGE";
    public static final String RECEIPT = "RECEIPT";
    public static final String ERROR = "ERROR";

    private static final byte[] NO_BODY = new byte[0];

    private final String command;
    private final Map<String, String> headers;
    private final byte[] body;

    public StompFrame(String command, Map<String, String> headers, byte[] body) {
        this.command = Objects.requireNonNull(command, "command");
        this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        this.body = body == null ? NO_BODY : body;
    }

    public static Builder builder(String command) {
        return new Builder(command);
    }

    public String command() {
        return command;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public String header(String name) {
        return headers.get(name);
    }

    public byte[] body() {
        return body;
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** CONNECT, STOMP and CONNECTED frames never escape their headers (STOMP 1.2 "Value Encoding"). */
    static boolean escapesHeaders(String command) {
        return !CONNECT.equals(command) && !STOMP.equals(command) && !CONNECTED.equals(command);
    }

    @Override
    public String toString() {
        Map<String, String> shown = new LinkedHashMap<>(headers);
        shown.computeIfPresent("passcode", (k, v) -> "****");
        return command + shown + "(" + body.length + " bytes)";
    }

    public static final class Builder {
        private final String command;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = NO_BODY;

        private Builder(String command) {
            this.command = command;
        }

        /** Adds a header unless one of that name is already set (first wins); null values are skipped. */
        public Builder header(String name, String value) {
            if (value != null) {
                headers.putIfAbsent(name, value);
            }
            return this;
        }

        public Builder body(byte[] bytes) {
            this.body = bytes;
            return this;
        }

        public Builder body(String text) {
            this.body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public StompFrame build() {
            return new StompFrame(command, headers, body);
        }
    }
}
