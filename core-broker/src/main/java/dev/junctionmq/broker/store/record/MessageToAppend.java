package dev.junctionmq.broker.store.record;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A message on its way into the commit log. {@link Builder#build()} validates it and encodes the parts that do
 * not depend on its place in the log (topic bytes, properties bytes, body CRC) on the caller's thread, so that
 * the single store writer only copies bytes and fills in offsets.
 */
public final class MessageToAppend {

    private static final InetSocketAddress UNKNOWN_BORN_HOST =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final byte[] UNKNOWN_BORN_HOST_BYTES = RecordEncoder.hostBytes(UNKNOWN_BORN_HOST);

    private final String topic;
    private final byte[] topicBytes;
    private final int queueId;
    private final int flag;
    private final int sysFlag;
    private final byte[] body;
    private final int bodyCrc;
    private final Map<String, String> properties;
    private final byte[] propertiesBytes;
    private final long bornTimestamp;
    private final InetSocketAddress bornHost;
    private final byte[] bornHostBytes;
    private final int reconsumeTimes;
    private final long preparedTransactionOffset;
    private final List<String> multiDispatchTopics;

    private MessageToAppend(Builder b) {
        this.topic = b.topic;
        this.topicBytes = b.topic.getBytes(StandardCharsets.UTF_8);
        this.queueId = b.queueId;
        this.flag = b.flag;
        this.body = b.body;
        this.bodyCrc = RecordFormat.crc32(b.body);
        Map<String, String> copy = new LinkedHashMap<>(b.properties);
        this.properties = Collections.unmodifiableMap(copy);
        this.multiDispatchTopics = List.copyOf(b.multiDispatchTopics);
        Map<String, String> stored = copy;
        if (!multiDispatchTopics.isEmpty()) {
            stored = new LinkedHashMap<>(copy);
            stored.put(MessageProperties.INNER_MULTI_DISPATCH,
                    String.join(MessageProperties.MULTI_DISPATCH_SEPARATOR, multiDispatchTopics));
        }
        this.propertiesBytes = MessageProperties.encode(stored);
        this.bornTimestamp = b.bornTimestamp > 0 ? b.bornTimestamp : System.currentTimeMillis();
        this.bornHost = b.bornHost != null ? b.bornHost : UNKNOWN_BORN_HOST;
        this.bornHostBytes = this.bornHost == UNKNOWN_BORN_HOST ? UNKNOWN_BORN_HOST_BYTES
                : RecordEncoder.hostBytes(this.bornHost);
        int sys = b.sysFlag & ~(RecordFormat.SYSFLAG_BORNHOST_V6 | RecordFormat.SYSFLAG_STOREHOST_V6);
        if (this.bornHost.getAddress() instanceof java.net.Inet6Address) {
            sys |= RecordFormat.SYSFLAG_BORNHOST_V6;
        }
        this.sysFlag = sys;
        this.reconsumeTimes = b.reconsumeTimes;
        this.preparedTransactionOffset = b.preparedTransactionOffset;
    }

    public static Builder builder(String topic) {
        return new Builder(topic);
    }

    public String topic() {
        return topic;
    }

    byte[] topicBytes() {
        return topicBytes;
    }

    public int queueId() {
        return queueId;
    }

    public int flag() {
        return flag;
    }

    /** SYSFLAG as given by the producer, with the born-host IPv6 bit derived from the born host. */
    public int sysFlag() {
        return sysFlag;
    }

    public byte[] body() {
        return body;
    }

    public int bodyCrc() {
        return bodyCrc;
    }

    public Map<String, String> properties() {
        return properties;
    }

    byte[] propertiesBytes() {
        return propertiesBytes;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public InetSocketAddress bornHost() {
        return bornHost;
    }

    byte[] bornHostBytes() {
        return bornHostBytes;
    }

    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public long preparedTransactionOffset() {
        return preparedTransactionOffset;
    }

    /** Extra queues (queue id 0 of each topic) this record is indexed into besides its own. */
    public List<String> multiDispatchTopics() {
        return multiDispatchTopics;
    }

    /** The record length without offsets-dependent parts (multi-dispatch queue offsets, record CRC). */
    int baseLength(int storeHostSysFlag, int extraPropertiesLength) {
        return RecordFormat.recordLength(sysFlag | storeHostSysFlag, body.length, topicBytes.length,
                propertiesBytes.length + extraPropertiesLength);
    }

    public static final class Builder {
        private final String topic;
        private int queueId;
        private int flag;
        private int sysFlag;
        private byte[] body = new byte[0];
        private final Map<String, String> properties = new LinkedHashMap<>();
        private long bornTimestamp;
        private InetSocketAddress bornHost;
        private int reconsumeTimes;
        private long preparedTransactionOffset;
        private final List<String> multiDispatchTopics = new ArrayList<>();

        private Builder(String topic) {
            this.topic = Objects.requireNonNull(topic, "topic");
        }

        public Builder queueId(int queueId) {
            this.queueId = queueId;
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        /** Producer-side SYSFLAG bits such as compression or transaction type; host bits are derived. */
        public Builder sysFlag(int sysFlag) {
            this.sysFlag = sysFlag;
            return this;
        }

        public Builder body(byte[] body) {
            this.body = Objects.requireNonNull(body, "body");
            return this;
        }

        public Builder property(String name, String value) {
            this.properties.put(name, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            this.properties.putAll(properties);
            return this;
        }

        public Builder tags(String tags) {
            return property(MessageProperties.TAGS, tags);
        }

        /** Keys for lookups, as RocketMQ stores them: one property, tokens separated by spaces. */
        public Builder keys(String... keys) {
            return property(MessageProperties.KEYS, String.join(MessageProperties.KEY_SEPARATOR, keys));
        }

        public Builder uniqueKey(String uniqueKey) {
            return property(MessageProperties.UNIQ_KEY, uniqueKey);
        }

        public Builder bornTimestamp(long bornTimestamp) {
            this.bornTimestamp = bornTimestamp;
            return this;
        }

        public Builder bornHost(InetSocketAddress bornHost) {
            this.bornHost = bornHost;
            return this;
        }

        public Builder reconsumeTimes(int reconsumeTimes) {
            this.reconsumeTimes = reconsumeTimes;
            return this;
        }

        public Builder preparedTransactionOffset(long preparedTransactionOffset) {
            this.preparedTransactionOffset = preparedTransactionOffset;
            return this;
        }

        /** Also index this record into queue 0 of the given topic ("write once, index many"). */
        public Builder alsoDispatchTo(String topic) {
            if (topic.contains(MessageProperties.MULTI_DISPATCH_SEPARATOR)) {
                throw new IllegalArgumentException("multi-dispatch topic must not contain ','");
            }
            this.multiDispatchTopics.add(topic);
            return this;
        }

        public MessageToAppend build() {
            if (topic.isEmpty()) {
                throw new IllegalArgumentException("topic must not be empty");
            }
            int topicLength = topic.getBytes(StandardCharsets.UTF_8).length;
            if (topicLength > RecordFormat.MAX_TOPIC_LENGTH) {
                throw new IllegalArgumentException(
                        "topic is " + topicLength + " bytes; the limit is " + RecordFormat.MAX_TOPIC_LENGTH);
            }
            if (queueId < 0) {
                throw new IllegalArgumentException("queue id must not be negative: " + queueId);
            }
            return new MessageToAppend(this);
        }
    }
}
