package dev.junctionmq.mqtt.subscription;

/**
 * The rules for MQTT topic names and topic filters (MQTT 3.1.1 §4.7, MQTT 5.0 §4.7), in one place. Levels are
 * separated by {@code /}; {@code +} matches exactly one level, {@code #} (last, alone in its level) matches the
 * parent level and any number of child levels; names starting with {@code $} are not matched by a filter that
 * starts with a wildcard.
 */
public final class TopicNames {

    /** MQTT 5.0 §4.8.2: {@code $share/<ShareName>/<filter>}. */
    public static final String SHARE_PREFIX = "$share/";

    private TopicNames() {
    }

    /**
     * A topic name a PUBLISH may carry: at least one character, no wildcard characters, no U+0000
     * ([MQTT-4.7.3-1], [MQTT-3.3.2-2], [MQTT-4.7.3-2]).
     */
    public static boolean isValidTopicName(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '+' || c == '#' || c == '\u0000') {
                return false;
            }
        }
        return true;
    }

    /**
     * A topic filter a SUBSCRIBE may carry: non-empty; {@code #} only as the last level and alone in it; {@code +}
     * only alone in its level ([MQTT-4.7.1-1], [MQTT-4.7.1-2], [MQTT-4.7.1-3], [MQTT-4.7.3-1]).
     */
    public static boolean isValidFilter(String filter) {
        if (filter == null || filter.isEmpty() || filter.indexOf('\u0000') >= 0) {
            return false;
        }
        int length = filter.length();
        for (int i = 0; i < length; i++) {
            char c = filter.charAt(i);
            boolean levelStart = i == 0 || filter.charAt(i - 1) == '/';
            boolean levelEnd = i == length - 1 || filter.charAt(i + 1) == '/';
            if (c == '#' && !(levelStart && i == length - 1)) {
                return false;
            }
            if (c == '+' && !(levelStart && levelEnd)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code filter} (valid) matches {@code topicName} (valid), by the rules above. */
    public static boolean matches(String filter, String topicName) {
        if (topicName.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false; // [MQTT-4.7.2-1]
        }
        String[] f = filter.split("/", -1);
        String[] t = topicName.split("/", -1);
        int i = 0;
        for (; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length) {
                return false;
            }
            if (!f[i].equals("+") && !f[i].equals(t[i])) {
                return false;
            }
        }
        return i == t.length;
    }

    /**
     * A subscription's filter and share name: {@code $share/g/a/b} is filter {@code a/b} shared in group {@code g};
     * any other filter is not shared (share name null).
     *
     * @throws IllegalArgumentException for a malformed shared subscription (MQTT 5.0 §4.8.2: the share name is at
     *                                  least one character, without {@code /}, {@code +} or {@code #}, followed
     *                                  by {@code /} and a valid filter)
     */
    public static SharedFilter parseShared(String subscribed) {
        if (!subscribed.startsWith(SHARE_PREFIX)) {
            return new SharedFilter(null, subscribed);
        }
        int slash = subscribed.indexOf('/', SHARE_PREFIX.length());
        if (slash < 0) {
            throw new IllegalArgumentException("shared subscription '" + subscribed + "' has no filter");
        }
        String share = subscribed.substring(SHARE_PREFIX.length(), slash);
        if (share.isEmpty() || share.indexOf('+') >= 0 || share.indexOf('#') >= 0) {
            throw new IllegalArgumentException("invalid share name in '" + subscribed + "'");
        }
        return new SharedFilter(share, subscribed.substring(slash + 1));
    }

    /** @param shareName null when not a shared subscription */
    public record SharedFilter(String shareName, String filter) {
        public boolean shared() {
            return shareName != null;
        }
    }
}
