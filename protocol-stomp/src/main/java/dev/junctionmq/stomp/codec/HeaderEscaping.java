package dev.junctionmq.stomp.codec;

/**
 * Header value encoding, STOMP 1.2 "Value Encoding" (and 1.1, which lacks {@code \r}): in frames other than
 * CONNECT and CONNECTED, {@code \r}, {@code \n}, {@code :} and {@code \} are written as {@code \r}, {@code \n},
 * {@code \c} and {@code \\}; any other escape is a fatal protocol error. STOMP 1.0 has no escaping.
 */
final class HeaderEscaping {

    private HeaderEscaping() {
    }

    static String unescape(String raw, StompVersion version) {
        if (version == StompVersion.V1_0 || raw.indexOf('\\') < 0) {
            return raw;
        }
        StringBuilder out = new StringBuilder(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i + 1 >= raw.length()) {
                throw new StompProtocolException("invalid escape sequence in header: '\\' at end of '" + raw + "'");
            }
            char next = raw.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 'c' -> out.append(':');
                case '\\' -> out.append('\\');
                case 'r' -> {
                    if (version != StompVersion.V1_2) {
                        throw new StompProtocolException("invalid escape sequence \\r in header (STOMP 1.1)");
                    }
                    out.append('\r');
                }
                default -> throw new StompProtocolException("invalid escape sequence \\" + next + " in header '"
                        + raw + "'");
            }
        }
        return out.toString();
    }

    /**
     * Escapes for {@code version}. Where the frame may not escape (STOMP 1.0, CONNECTED) a CR or LF, which would
     * end the header line, becomes a space, and a colon in a header name would split it: both are replaced.
     */
    static String escape(String value, StompVersion version, boolean escaping, boolean isName) {
        boolean plain = !escaping || version == StompVersion.V1_0;
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = null;
            if (plain) {
                if (c == '\n' || c == '\r' || (isName && c == ':')) {
                    replacement = c == ':' ? "_" : " ";
                }
            } else {
                switch (c) {
                    case '\n' -> replacement = "\\n";
                    case ':' -> replacement = "\\c";
                    case '\\' -> replacement = "\\\\";
                    case '\r' -> replacement = version == StompVersion.V1_2 ? "\\r" : " ";
                    default -> { }
                }
            }
            if (replacement != null && out == null) {
                out = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (out != null) {
                if (replacement != null) {
                    out.append(replacement);
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? value : out.toString();
    }
}
