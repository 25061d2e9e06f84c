package dev.junctionmq.broker.store.record;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@link MessageToAppend}s into a buffer in the {@link RecordFormat} layout. Used by the single store
 * writer only, so it keeps no per-call state beyond the store host.
 */
public final class RecordEncoder {

    private static final byte[] CRC32_PREFIX =
            (RecordFormat.CRC32_PROPERTY + MessageProperties.NAME_VALUE_SEPARATOR).getBytes(StandardCharsets.US_ASCII);

    private final byte[] storeHostBytes;
    private final int storeHostSysFlag;
    private final boolean appendRecordCrc;

    public RecordEncoder(InetSocketAddress storeHost, boolean appendRecordCrc) {
        this.storeHostBytes = hostBytes(storeHost);
        this.storeHostSysFlag = storeHost.getAddress() instanceof Inet6Address ? RecordFormat.SYSFLAG_STOREHOST_V6 : 0;
        this.appendRecordCrc = appendRecordCrc;
    }

    /** The properties a message gains at append: its multi-dispatch queue offsets, if it has any. */
    public static byte[] multiQueueOffsetsProperty(long[] offsets) {
        StringBuilder sb = new StringBuilder(MessageProperties.INNER_MULTI_QUEUE_OFFSET)
                .append(MessageProperties.NAME_VALUE_SEPARATOR);
        for (int i = 0; i < offsets.length; i++) {
            if (i > 0) {
                sb.append(MessageProperties.MULTI_DISPATCH_SEPARATOR);
            }
            sb.append(offsets[i]);
        }
        return sb.append(MessageProperties.PROPERTY_SEPARATOR).toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Properties block length once appended, which must stay within {@link RecordFormat#MAX_PROPERTIES_LENGTH}. */
    public int propertiesLength(MessageToAppend message, byte[] extraProperties) {
        return message.propertiesBytes().length + extraProperties.length
                + (appendRecordCrc ? RecordFormat.CRC32_RESERVED_LENGTH : 0);
    }

    public int recordLength(MessageToAppend message, byte[] extraProperties) {
        return message.baseLength(storeHostSysFlag,
                extraProperties.length + (appendRecordCrc ? RecordFormat.CRC32_RESERVED_LENGTH : 0));
    }

    /**
     * Encodes one record at {@code index} of {@code target} (absolute puts; the buffer's position is untouched).
     *
     * @return the record length
     */
    public int encode(ByteBuffer target, int index, MessageToAppend m, long queueOffset, long physicalOffset,
                      long storeTimestamp, byte[] extraProperties) {
        int length = recordLength(m, extraProperties);
        byte[] topic = m.topicBytes();
        boolean v2 = topic.length > RecordFormat.V1_MAX_TOPIC_LENGTH;
        int p = index;
        target.putInt(p, length);
        p += 4;
        target.putInt(p, v2 ? RecordFormat.MAGIC_V2 : RecordFormat.MAGIC_V1);
        p += 4;
        target.putInt(p, m.bodyCrc());
        p += 4;
        target.putInt(p, m.queueId());
        p += 4;
        target.putInt(p, m.flag());
        p += 4;
        target.putLong(p, queueOffset);
        p += 8;
        target.putLong(p, physicalOffset);
        p += 8;
        target.putInt(p, m.sysFlag() | storeHostSysFlag);
        p += 4;
        target.putLong(p, m.bornTimestamp());
        p += 8;
        byte[] born = m.bornHostBytes();
        target.put(p, born);
        p += born.length;
        target.putLong(p, storeTimestamp);
        p += 8;
        target.put(p, storeHostBytes);
        p += storeHostBytes.length;
        target.putInt(p, m.reconsumeTimes());
        p += 4;
        target.putLong(p, m.preparedTransactionOffset());
        p += 8;
        byte[] body = m.body();
        target.putInt(p, body.length);
        p += 4;
        target.put(p, body);
        p += body.length;
        if (v2) {
            target.putShort(p, (short) topic.length);
            p += 2;
        } else {
            target.put(p, (byte) topic.length);
            p += 1;
        }
        target.put(p, topic);
        p += topic.length;
        target.putShort(p, (short) propertiesLength(m, extraProperties));
        p += 2;
        target.put(p, m.propertiesBytes());
        p += m.propertiesBytes().length;
        target.put(p, extraProperties);
        p += extraProperties.length;
        if (appendRecordCrc) {
            int crc = RecordFormat.crc32(target.slice(index, p - index));
            writeCrcProperty(target, p, crc);
            p += RecordFormat.CRC32_RESERVED_LENGTH;
        }
        assert p - index == length : "encoded " + (p - index) + " bytes, expected " + length;
        return length;
    }

    static void writeCrcProperty(ByteBuffer target, int index, int crc) {
        target.put(index, CRC32_PREFIX);
        int p = index + CRC32_PREFIX.length;
        int value = crc;
        // Least significant digit first, as RocketMQ writes it.
        for (int i = 0; i < 10; i++) {
            target.put(p++, (byte) ('0' + value % 10));
            value /= 10;
        }
        target.put(p, (byte) MessageProperties.PROPERTY_SEPARATOR);
    }

    static int readCrcProperty(ByteBuffer source, int index) {
        int p = index + CRC32_PREFIX.length;
        long value = 0;
        long scale = 1;
        for (int i = 0; i < 10; i++) {
            int digit = source.get(p++) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value += digit * scale;
            scale *= 10;
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    static boolean hasCrcPrefix(ByteBuffer source, int index) {
        for (int i = 0; i < CRC32_PREFIX.length; i++) {
            if (source.get(index + i) != CRC32_PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    public static byte[] hostBytes(InetSocketAddress host) {
        byte[] address = host.getAddress().getAddress();
        ByteBuffer buffer = ByteBuffer.allocate(address.length + 4);
        buffer.put(address).putInt(host.getPort());
        return buffer.array();
    }
}
