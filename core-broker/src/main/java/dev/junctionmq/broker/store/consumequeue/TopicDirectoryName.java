package dev.junctionmq.broker.store.consumequeue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Maps topic names to directory names and back. RocketMQ-style names ({@code TopicTest}, {@code %RETRY%group})
 * stay as they are, so the layout matches RocketMQ's; any other byte (a '/' from an MQTT topic, a space) becomes
 * {@code ~XX}, as does '~' itself and a leading '.'.
 */
final class TopicDirectoryName {

    private TopicDirectoryName() {
    }

    static String encode(String topic) {
        StringBuilder sb = new StringBuilder(topic.length());
        byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xFF;
            boolean plain = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || b == '_' || b == '-' || b == '%' || b == '|' || (b == '.' && i > 0);
            if (plain) {
                sb.append((char) b);
            } else {
                sb.append('~').append(Character.toUpperCase(Character.forDigit(b >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
        }
        return sb.toString();
    }

    static String decode(String directoryName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(directoryName.length());
        for (int i = 0; i < directoryName.length(); i++) {
            char c = directoryName.charAt(i);
            if (c == '~' && i + 2 < directoryName.length()) {
                out.write(Integer.parseInt(directoryName.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
