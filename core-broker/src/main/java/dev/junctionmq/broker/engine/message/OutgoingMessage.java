package dev.junctionmq.broker.engine.message;

import dev.junctionmq.broker.store.record.MessageProperties;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A message a producer sends, before the engine picks its queue. Front ends build one per incoming message; the body
 * bytes are stored exactly as given.
 */
public final class OutgoingMessage {

    private final String topic;
    private final byte[] body;
    private final Map<String, String> properties;
    private final Integer queueId;
    private final String shardingKey;
    private final long deliverAt;
    private final long expiresAt;
    private final int flag;
    private final int sysFlag;
    private final int reconsumeTimes;
    private final InetSocketAddress bornHost;
    private final long bornTimestamp;

    private OutgoingMessage(Builder b) {
        this.topic = b.topic;
        this.body = b.body;
        this.properties = Map.copyOf(b.properties);
        this.queueId = b.queueId;
        this.shardingKey = b.shardingKey;
        this.deliverAt = b.deliverAt;
        this.expiresAt = b.expiresAt;
        this.flag = b.flag;
        this.sysFlag = b.sysFlag;
        this.reconsumeTimes = b.reconsumeTimes;
        this.bornHost = b.bornHost;
        this.bornTimestamp = b.bornTimestamp;
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    public byte[] body() {
        return body;
    }

    /** User and system properties, including {@code TAGS}, {@code KEYS} and {@code UNIQ_KEY} when set. */
    public Map<String, String> properties() {
        return properties;
    }

    /** The queue the producer chose, or null to let the engine choose. */
    public Integer queueId() {
        return queueId;
    }

    /** Messages with the same sharding key go to the same queue, so they stay in order; null if none. */
    public String shardingKey() {
        return shardingKey;
    }

    /** Epoch milliseconds before which the message is not delivered; 0 = at once. */
    public long deliverAt() {
        return deliverAt;
    }

    /** Epoch milliseconds after which the message is not delivered any more; 0 = never expires. */
    public long expiresAt() {
        return expiresAt;
    }

    public int flag() {
        return flag;
    }

    public int sysFlag() {
        return sysFlag;
    }

    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public InetSocketAddress bornHost() {
        return bornHost;
    }

    /**
     * Epoch milliseconds at which the producer created the message (RocketMQ's born timestamp; JMS
     * {@code JMSTimestamp}); 0 = when the engine stores it.
     */
    public long bornTimestamp() {
        return bornTimestamp;
    }

    public static final class Builder {
        private final String topic;
        private byte[] body = new byte[0];
        private final Map<String, String> properties = new LinkedHashMap<>();
        /** Types of the properties set by {@link #typedProperty}, stored as {@link PropertyTypes#PROPERTY}. */
        private final Map<String, Character> types = new LinkedHashMap<>();
        private Integer queueId;
        private String shardingKey;
        private long deliverAt;
        private long expiresAt;
        private int flag;
        private int sysFlag;
        private int reconsumeTimes;
        private InetSocketAddress bornHost;
        private long bornTimestamp;

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        /** A string property (replacing a typed one of the same name). */
        public Builder property(String name, String value) {
            properties.put(name, value);
            types.remove(name);
            return this;
        }

        public Builder properties(Map<String, String> values) {
            properties.putAll(values);
            types.keySet().removeAll(values.keySet());
            return this;
        }

        /**
         * A property with its type kept, so selectors compare it as a number or boolean (see {@link PropertyTypes}).
         *
         * @param value a {@link String}, {@link Boolean}, {@link Byte}, {@link Short}, {@link Integer}, {@link Long},
         *              {@link Float} or {@link Double} (the Jakarta Messaging property types)
         * @throws IllegalArgumentException for any other type
         */
        public Builder typedProperty(String name, Object value) {
            if (value instanceof String text) {
                return property(name, text);
            }
            char letter = PropertyTypes.letterOf(value);
            if (letter == 0) {
                throw new IllegalArgumentException("property '" + name + "' has a value of type "
                        + (value == null ? "null" : value.getClass().getName())
                        + "; a typed property is a String, Boolean, Byte, Short, Integer, Long, Float or Double");
            }
            properties.put(name, String.valueOf(value));
            types.put(name, letter);
            return this;
        }

        public Builder tag(String tag) {
            return property(MessageProperties.TAGS, tag);
        }

        public Builder keys(String... keys) {
            return property(MessageProperties.KEYS, String.join(MessageProperties.KEY_SEPARATOR, keys));
        }

        public Builder messageId(String uniqueKey) {
            return property(MessageProperties.UNIQ_KEY, uniqueKey);
        }

        public Builder queueId(int queueId) {
            this.queueId = queueId;
            return this;
        }

        public Builder shardingKey(String shardingKey) {
            this.shardingKey = shardingKey;
            return this;
        }

        public Builder deliverAt(long epochMillis) {
            this.deliverAt = epochMillis;
            return this;
        }

        public Builder expiresAt(long epochMillis) {
            this.expiresAt = epochMillis;
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        public Builder sysFlag(int sysFlag) {
            this.sysFlag = sysFlag;
            return this;
        }

        public Builder reconsumeTimes(int reconsumeTimes) {
            this.reconsumeTimes = reconsumeTimes;
            return this;
        }

        public Builder bornHost(InetSocketAddress bornHost) {
            this.bornHost = bornHost;
            return this;
        }

        /** When the producer created the message, in epoch milliseconds; 0 (the default) = when it is stored. */
        public Builder bornTimestamp(long epochMillis) {
            this.bornTimestamp = epochMillis;
            return this;
        }

        public OutgoingMessage build() {
            if (!types.isEmpty()) {
                properties.put(PropertyTypes.PROPERTY, PropertyTypes.encode(types));
            }
            return new OutgoingMessage(this);
        }
    }
}
