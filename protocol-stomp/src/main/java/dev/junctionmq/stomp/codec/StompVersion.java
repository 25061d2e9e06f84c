package dev.junctionmq.stomp.codec;

import java.util.Optional;

/** The STOMP versions this front end speaks, and what each one changes on the wire. */
public enum StompVersion {
    V1_0("1.0"),
    V1_1("1.1"),
    V1_2("1.2");

    private final String text;

    StompVersion(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean atLeast(StompVersion other) {
        return compareTo(other) >= 0;
    }

    public static Optional<StompVersion> parse(String text) {
        for (StompVersion version : values()) {
            if (version.text.equals(text.trim())) {
                return Optional.of(version);
            }
        }
        return Optional.empty();
    }

    /** {@code 1.0,1.1,1.2}: what the server supports, for the ERROR frame of a failed negotiation. */
    public static String supportedList() {
        return "1.0,1.1,1.2";
    }
}
