package dev.junctionmq.broker.store.record;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Property keys with a meaning to the store and to RocketMQ clients (RocketMQ's {@code MessageConst}), and the
 * {@code name\u0001value\u0002} encoding of the properties block.
 */
public final class MessageProperties {

    public static final String TAGS = "TAGS";
    public static final String KEYS = "KEYS";
    public static final String UNIQ_KEY = "UNIQ_KEY";
    public static final String DELAY = "DELAY";
    public static final String RETRY_TOPIC = "RETRY_TOPIC";
    public static final String REAL_TOPIC = "REAL_TOPIC";
    public static final String REAL_QUEUE_ID = "REAL_QID";
    public static final String TRANSACTION_PREPARED = "TRAN_MSG";
    public static final String PRODUCER_GROUP = "PGROUP";
    public static final String RECONSUME_TIME = "RECONSUME_TIME";
    public static final String MAX_RECONSUME_TIMES = "MAX_RECONSUME_TIMES";
    public static final String ORIGIN_MESSAGE_ID = "ORIGIN_MESSAGE_ID";
    public static final String WAIT_STORE_MSG_OK = "WAIT";
    public static final String SHARDING_KEY = "__SHARDINGKEY";
    public static final String TIMER_DELIVER_MS = "TIMER_DELIVER_MS";
    public static final String TIMER_DELAY_SEC = "TIMER_DELAY_SEC";
    public static final String TIMER_DELAY_MS = "TIMER_DELAY_MS";
    /** Comma-separated extra queues (queue id 0 each) that this record is also indexed into. */
    public static final String INNER_MULTI_DISPATCH = "INNER_MULTI_DISPATCH";
    /** Comma-separated logical offsets in the {@link #INNER_MULTI_DISPATCH} queues, assigned at append. */
    public static final String INNER_MULTI_QUEUE_OFFSET = "INNER_MULTI_QUEUE_OFFSET";

    public static final char NAME_VALUE_SEPARATOR = '\u0001';
    public static final char PROPERTY_SEPARATOR = '\u0002';
    /** Separator of {@link #KEYS} tokens. */
    public static final String KEY_SEPARATOR = " ";
    public static final String MULTI_DISPATCH_SEPARATOR = ",";

    private MessageProperties() {
    }

    /** Encodes properties as RocketMQ does: every pair followed by the property separator. */
    public static byte[] encode(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return new byte[0];
        }
        int length = 0;
        for (Map.Entry<String, String> e : properties.entrySet()) {
            validate(e.getKey(), e.getValue());
            length += e.getKey().length() + e.getValue().length() + 2;
        }
        StringBuilder sb = new StringBuilder(length);
        for (Map.Entry<String, String> e : properties.entrySet()) {
            sb.append(e.getKey()).append(NAME_VALUE_SEPARATOR).append(e.getValue()).append(PROPERTY_SEPARATOR);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes a properties block; the whole-record CRC property is returned like any other. */
    public static Map<String, String> decode(String block) {
        Map<String, String> map = new LinkedHashMap<>();
        int start = 0;
        int length = block.length();
        while (start < length) {
            int end = block.indexOf(PROPERTY_SEPARATOR, start);
            if (end < 0) {
                end = length;
            }
            int separator = block.indexOf(NAME_VALUE_SEPARATOR, start);
            if (separator > start && separator < end) {
                map.put(block.substring(start, separator), block.substring(separator + 1, end));
            }
            start = end + 1;
        }
        return map;
    }

    private static void validate(String name, String value) {
        if (name == null || value == null) {
            throw new IllegalArgumentException("message property names and values must not be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("message property names must not be empty");
        }
        if (containsSeparator(name) || containsSeparator(value)) {
            throw new IllegalArgumentException("message property '" + printable(name)
                    + "' contains a reserved separator character (\\u0001 or \\u0002)");
        }
    }

    private static boolean containsSeparator(String s) {
        return s.indexOf(NAME_VALUE_SEPARATOR) >= 0 || s.indexOf(PROPERTY_SEPARATOR) >= 0;
    }

    private static String printable(String s) {
        return s.replace(NAME_VALUE_SEPARATOR, '?').replace(PROPERTY_SEPARATOR, '?');
    }
}
