package dev.junctionmq.broker.store.record;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A read-only view of one record in the {@link RecordFormat} layout. The view never copies the body: {@link #body()}
 * is a slice of the underlying (usually memory-mapped) buffer.
 */
public final class StoredRecord {

    private final ByteBuffer buffer;
    private final int bodyLengthPosition;

    /** @param record a buffer whose index 0 is the record's first byte and whose limit is the record's end */
    public StoredRecord(ByteBuffer record) {
        this.buffer = record;
        int sysFlag = record.getInt(RecordFormat.POS_SYSFLAG);
        int bornHost = RecordFormat.hostLength((sysFlag & RecordFormat.SYSFLAG_BORNHOST_V6) != 0);
        int storeHost = RecordFormat.hostLength((sysFlag & RecordFormat.SYSFLAG_STOREHOST_V6) != 0);
        this.bodyLengthPosition = RecordFormat.POS_BORN_HOST + bornHost + 8 + storeHost + 4 + 8;
    }

    /** The raw record bytes (a duplicate; position 0, limit = record length). */
    public ByteBuffer raw() {
        return buffer.duplicate();
    }

    public int totalSize() {
        return buffer.getInt(RecordFormat.POS_TOTAL_SIZE);
    }

    public int magic() {
        return buffer.getInt(RecordFormat.POS_MAGIC);
    }

    public int bodyCrc() {
        return buffer.getInt(RecordFormat.POS_BODY_CRC);
    }

    public int queueId() {
        return buffer.getInt(RecordFormat.POS_QUEUE_ID);
    }

    public int flag() {
        return buffer.getInt(RecordFormat.POS_FLAG);
    }

    public long queueOffset() {
        return buffer.getLong(RecordFormat.POS_QUEUE_OFFSET);
    }

    public long physicalOffset() {
        return buffer.getLong(RecordFormat.POS_PHYSICAL_OFFSET);
    }

    public int sysFlag() {
        return buffer.getInt(RecordFormat.POS_SYSFLAG);
    }

    public long bornTimestamp() {
        return buffer.getLong(RecordFormat.POS_BORN_TIMESTAMP);
    }

    public InetSocketAddress bornHost() {
        return readHost(RecordFormat.POS_BORN_HOST, (sysFlag() & RecordFormat.SYSFLAG_BORNHOST_V6) != 0);
    }

    private int storeTimestampPosition() {
        return RecordFormat.POS_BORN_HOST + RecordFormat.hostLength((sysFlag() & RecordFormat.SYSFLAG_BORNHOST_V6) != 0);
    }

    public long storeTimestamp() {
        return buffer.getLong(storeTimestampPosition());
    }

    public InetSocketAddress storeHost() {
        return readHost(storeTimestampPosition() + 8, (sysFlag() & RecordFormat.SYSFLAG_STOREHOST_V6) != 0);
    }

    public int reconsumeTimes() {
        return buffer.getInt(bodyLengthPosition - 12);
    }

    public long preparedTransactionOffset() {
        return buffer.getLong(bodyLengthPosition - 8);
    }

    public int bodyLength() {
        return buffer.getInt(bodyLengthPosition);
    }

    /** The body as stored (still compressed if {@link RecordFormat#SYSFLAG_COMPRESSED} is set); no copy. */
    public ByteBuffer body() {
        return buffer.slice(bodyLengthPosition + 4, bodyLength());
    }

    public byte[] bodyBytes() {
        byte[] bytes = new byte[bodyLength()];
        buffer.get(bodyLengthPosition + 4, bytes);
        return bytes;
    }

    private int topicLengthPosition() {
        return bodyLengthPosition + 4 + bodyLength();
    }

    private int topicLength() {
        int p = topicLengthPosition();
        return magic() == RecordFormat.MAGIC_V2 ? buffer.getShort(p) & 0xFFFF : buffer.get(p) & 0xFF;
    }

    public String topic() {
        int p = topicLengthPosition() + RecordFormat.topicLengthSize(magic());
        byte[] bytes = new byte[topicLength()];
        buffer.get(p, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Whether the topic is {@code utf8} (its UTF-8 bytes), compared in place: no decoding, no allocation. */
    public boolean topicEquals(byte[] utf8) {
        if (utf8 == null || utf8.length != topicLength()) {
            return false;
        }
        int p = topicLengthPosition() + RecordFormat.topicLengthSize(magic());
        for (int i = 0; i < utf8.length; i++) {
            if (buffer.get(p + i) != utf8[i]) {
                return false;
            }
        }
        return true;
    }

    private int propertiesLengthPosition() {
        return topicLengthPosition() + RecordFormat.topicLengthSize(magic()) + topicLength();
    }

    public int propertiesLength() {
        return buffer.getShort(propertiesLengthPosition());
    }

    /** All properties, including the whole-record CRC property when present. */
    public Map<String, String> properties() {
        int length = propertiesLength();
        byte[] bytes = new byte[Math.max(length, 0)];
        buffer.get(propertiesLengthPosition() + 2, bytes);
        return MessageProperties.decode(new String(bytes, StandardCharsets.UTF_8));
    }

    public String property(String name) {
        return propertyValues(new byte[][] {name.getBytes(StandardCharsets.UTF_8)})[0];
    }

    /**
     * The values of the named properties (UTF-8 name bytes), null where absent, found in one pass over the raw
     * block without building a map: the dispatcher's per-record path.
     */
    public String[] propertyValues(byte[][] names) {
        String[] values = new String[names.length];
        int p = propertiesLengthPosition();
        int end = p + 2 + Math.max(0, buffer.getShort(p));
        p += 2;
        while (p < end) {
            int separator = indexOf(MessageProperties.NAME_VALUE_SEPARATOR, p, end);
            if (separator < 0) {
                break;
            }
            int valueEnd = indexOf(MessageProperties.PROPERTY_SEPARATOR, separator + 1, end);
            if (valueEnd < 0) {
                valueEnd = end;
            }
            for (int i = 0; i < names.length; i++) {
                if (values[i] == null && regionEquals(p, separator, names[i])) {
                    byte[] value = new byte[valueEnd - separator - 1];
                    buffer.get(separator + 1, value);
                    values[i] = new String(value, StandardCharsets.UTF_8);
                    break;
                }
            }
            p = valueEnd + 1;
        }
        return values;
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer.get(i) == (byte) c) {
                return i;
            }
        }
        return -1;
    }

    private boolean regionEquals(int from, int to, byte[] name) {
        if (to - from != name.length) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (buffer.get(from + i) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the body CRC and, when the record carries one, the whole-record CRC.
     *
     * @return null when the record is intact, else what is wrong with it
     */
    public String verifyChecksums() {
        int bodyLength = bodyLength();
        int computedBody = RecordFormat.crc32(buffer.slice(bodyLengthPosition + 4, bodyLength));
        if (computedBody != bodyCrc()) {
            return "body CRC mismatch (stored " + bodyCrc() + ", computed " + computedBody + ")";
        }
        int total = totalSize();
        int crcPosition = total - RecordFormat.CRC32_RESERVED_LENGTH;
        if (propertiesLength() >= RecordFormat.CRC32_RESERVED_LENGTH && RecordEncoder.hasCrcPrefix(buffer, crcPosition)) {
            int stored = RecordEncoder.readCrcProperty(buffer, crcPosition);
            int computed = RecordFormat.crc32(buffer.slice(0, crcPosition));
            if (stored != computed) {
                return "record CRC mismatch (stored " + stored + ", computed " + computed + ")";
            }
        }
        return null;
    }

    private InetSocketAddress readHost(int position, boolean ipv6) {
        byte[] address = new byte[ipv6 ? 16 : 4];
        buffer.get(position, address);
        int port = buffer.getInt(position + address.length);
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("malformed host address in record", e);
        }
    }
}
