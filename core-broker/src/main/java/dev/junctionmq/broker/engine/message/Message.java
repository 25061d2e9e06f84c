package dev.junctionmq.broker.engine.message;

import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.OffsetMessageId;
import dev.junctionmq.broker.store.record.RecordFormat;
import dev.junctionmq.broker.store.record.StoredRecord;

import java.io.ByteArrayOutputStream;
import java.util.Collections;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A stored message as the engine hands it to a front end: the producer's body bytes (inflated if a RocketMQ
 * producer compressed them), its properties, and where it lives. Immutable; the body is a heap copy, so a
 * message costs heap only while it is in a consumer's credit window.
 */
public final class Message {

    private final String topic;
    private final String sentTopic;
    private final int queueId;
    private final long queueOffset;
    private final long commitLogOffset;
    private final java.net.InetSocketAddress storeHost;
    private final Map<String, String> properties;
    /** Types of the non-string properties ({@link PropertyTypes}); empty for most messages. */
    private final Map<String, Character> propertyTypes;
    private final byte[] body;
    private final long bornTimestamp;
    private final long storeTimestamp;
    private final int reconsumeTimes;
    private final int flag;

    private Message(StoredRecord record, String topic, long queueOffset, byte[] body) {
        this.topic = topic;
        this.sentTopic = record.topic();
        this.queueId = record.queueId();
        this.queueOffset = queueOffset;
        this.commitLogOffset = record.physicalOffset();
        this.storeHost = record.storeHost();
        Map<String, String> props = record.properties(); // a fresh map, owned here: no copy needed
        props.remove(RecordFormat.CRC32_PROPERTY);
        this.properties = Collections.unmodifiableMap(props);
        this.propertyTypes = PropertyTypes.decode(props.get(PropertyTypes.PROPERTY));
        this.body = body;
        this.bornTimestamp = record.bornTimestamp();
        this.storeTimestamp = record.storeTimestamp();
        this.reconsumeTimes = record.reconsumeTimes();
        this.flag = record.flag();
    }

    /**
     * @param topic       the topic to present (for a retry copy: the original topic)
     * @param queueOffset the offset in the queue it was read from
     */
    public static Message from(StoredRecord record, String topic, long queueOffset) {
        byte[] body = record.bodyBytes();
        if ((record.sysFlag() & RecordFormat.SYSFLAG_COMPRESSED) != 0) {
            body = inflate(body, record.sysFlag());
        }
        return new Message(record, topic, queueOffset, body);
    }

    private static byte[] inflate(byte[] compressed, int sysFlag) {
        int type = (sysFlag & RecordFormat.SYSFLAG_COMPRESSION_TYPE_MASK) >> 8;
        // 0: older clients, always zlib; 3: zlib. LZ4 (1) and ZSTD (2) would need codecs we do not ship.
        if (type != 0 && type != 3) {
            throw new IllegalStateException("message body compressed with codec " + type
                    + " (1 = LZ4, 2 = ZSTD) cannot be inflated by this broker");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(compressed.length * 4);
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new IllegalStateException("compressed message body is truncated");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalStateException("compressed message body is not valid zlib data", e);
        } finally {
            inflater.end();
        }
    }

    public String topic() {
        return topic;
    }

    /**
     * The topic the message was stored under: differs from {@link #topic()} when the message was read from a topic
     * it was also indexed into at send time (see {@code SendRoute}), or from a retry queue.
     */
    public String sentTopic() {
        return sentTopic;
    }

    public int queueId() {
        return queueId;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public long commitLogOffset() {
        return commitLogOffset;
    }

    /** The id every protocol shows: the producer's {@code UNIQ_KEY} if it set one, else the store-side id. */
    public String messageId() {
        String unique = properties.get(MessageProperties.UNIQ_KEY);
        return unique != null ? unique : offsetMessageId();
    }

    /** The store-side id: store host, port and commit-log offset as hex (computed when asked for). */
    public String offsetMessageId() {
        return new OffsetMessageId(storeHost, commitLogOffset).encode();
    }

    public Map<String, String> properties() {
        return properties;
    }

    /** A property's stored text (typed properties as text too; see {@link #typedProperty}). */
    public String property(String name) {
        return properties.get(name);
    }

    /**
     * A property's value with the type its producer gave it: a {@link Boolean}, {@link Byte}, {@link Short},
     * {@link Integer}, {@link Long}, {@link Float} or {@link Double} when the front end recorded one (see
     * {@link PropertyTypes}), else the stored {@link String}; null if absent.
     */
    public Object typedProperty(String name) {
        String text = properties.get(name);
        if (text == null || propertyTypes.isEmpty()) {
            return text;
        }
        Character letter = propertyTypes.get(name);
        return letter == null ? text : PropertyTypes.typedValue(text, letter);
    }

    /** Name → type letter of the properties stored with a type ({@link PropertyTypes}); usually empty. */
    public Map<String, Character> propertyTypes() {
        return propertyTypes;
    }

    public String tag() {
        return properties.get(MessageProperties.TAGS);
    }

    public String keys() {
        return properties.get(MessageProperties.KEYS);
    }

    public byte[] body() {
        return body.clone();
    }

    /** The body without a defensive copy; callers must not modify it. */
    public byte[] bodyUnsafe() {
        return body;
    }

    public long bornTimestamp() {
        return bornTimestamp;
    }

    public long storeTimestamp() {
        return storeTimestamp;
    }

    /** How many times this message was consumed and failed before this copy was made. */
    public int reconsumeTimes() {
        return reconsumeTimes;
    }

    public int flag() {
        return flag;
    }

    /** Epoch ms after which the message must not be delivered, or 0. */
    public long expiresAt() {
        String value = properties.get(EngineProperties.EXPIRES_AT);
        if (value == null) {
            return 0;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
