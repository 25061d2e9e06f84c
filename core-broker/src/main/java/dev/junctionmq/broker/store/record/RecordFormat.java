package dev.junctionmq.broker.store.record;

/**
 * Apache RocketMQ's commit-log record layout, which Junction stores byte for byte so that a native pull can
 * hand raw records to a RocketMQ client unchanged. All integers are big-endian.
 *
 * <pre>
 * offset  size      field
 *  0      4         TOTALSIZE            whole record including this field
 *  4      4         MAGICCODE            V1 0xDAA320A7 (1-byte topic length), V2 0xDAA320AB (2-byte)
 *  8      4         BODYCRC              CRC32 of the body, masked to 31 bits
 * 12      4         QUEUEID
 * 16      4         FLAG                 producer's flag
 * 20      8         QUEUEOFFSET          logical offset in the record's consume queue
 * 28      8         PHYSICALOFFSET       commit-log offset of this record
 * 36      4         SYSFLAG              see the SYSFLAG_* bits
 * 40      8         BORNTIMESTAMP
 * 48      8 | 20    BORNHOST             IPv4 (4) + port (4), or IPv6 (16) + port (4)
 *  .      8         STORETIMESTAMP
 *  .      8 | 20    STOREHOST
 *  .      4         RECONSUMETIMES
 *  .      8         PREPARED TRANSACTION OFFSET
 *  .      4 + n     BODY                 length, bytes
 *  .      1|2 + n   TOPIC                length (1 byte in V1, 2 in V2), UTF-8 bytes
 *  .      2 + n     PROPERTIES           length, "name\u0001value\u0002..." in UTF-8
 * </pre>
 *
 * A segment that cannot hold the next record (record + 8 bytes) ends with an 8-byte filler
 * {@code [remaining bytes][BLANK_MAGIC]}; readers treat it as "continue at the next segment".
 */
public final class RecordFormat {

    public static final int MAGIC_V1 = 0xDAA320A7;
    public static final int MAGIC_V2 = 0xDAA320AB;
    public static final int BLANK_MAGIC = 0xCBD43194;
    /** Size of the end-of-segment filler header: remaining length + blank magic. */
    public static final int END_OF_SEGMENT_MIN_BLANK = 4 + 4;

    public static final int POS_TOTAL_SIZE = 0;
    public static final int POS_MAGIC = 4;
    public static final int POS_BODY_CRC = 8;
    public static final int POS_QUEUE_ID = 12;
    public static final int POS_FLAG = 16;
    public static final int POS_QUEUE_OFFSET = 20;
    public static final int POS_PHYSICAL_OFFSET = 28;
    public static final int POS_SYSFLAG = 36;
    public static final int POS_BORN_TIMESTAMP = 40;
    public static final int POS_BORN_HOST = 48;

    public static final int IPV4_HOST_LENGTH = 4 + 4;
    public static final int IPV6_HOST_LENGTH = 16 + 4;

    /** Topics longer than this many UTF-8 bytes need the V2 magic and its 2-byte topic length. */
    public static final int V1_MAX_TOPIC_LENGTH = Byte.MAX_VALUE;
    public static final int MAX_TOPIC_LENGTH = Short.MAX_VALUE;
    /** The properties block has a signed 2-byte length. */
    public static final int MAX_PROPERTIES_LENGTH = Short.MAX_VALUE;

    // SYSFLAG bits (RocketMQ MessageSysFlag).
    public static final int SYSFLAG_COMPRESSED = 0x1;
    public static final int SYSFLAG_MULTI_TAGS = 0x2;
    public static final int SYSFLAG_TRANSACTION_TYPE_MASK = 0xC;
    public static final int SYSFLAG_TRANSACTION_NOT_TYPE = 0x0;
    public static final int SYSFLAG_TRANSACTION_PREPARED = 0x4;
    public static final int SYSFLAG_TRANSACTION_COMMIT = 0x8;
    public static final int SYSFLAG_TRANSACTION_ROLLBACK = 0xC;
    public static final int SYSFLAG_BORNHOST_V6 = 0x10;
    public static final int SYSFLAG_STOREHOST_V6 = 0x20;
    public static final int SYSFLAG_NEED_UNWRAP = 0x40;
    public static final int SYSFLAG_INNER_BATCH = 0x80;
    public static final int SYSFLAG_COMPRESSION_TYPE_MASK = 0x700;

    /**
     * Whole-record CRC, reserved at the end of the properties: {@code __CRC32#\u0001} + 10 ASCII digits of
     * the CRC (least significant digit first, zero padded) + {@code \u0002}. The CRC covers every byte of
     * the record before these 20 bytes.
     */
    public static final String CRC32_PROPERTY = "__CRC32#";
    public static final int CRC32_RESERVED_LENGTH = CRC32_PROPERTY.length() + 1 + 10 + 1;

    private RecordFormat() {
    }

    public static int hostLength(boolean ipv6) {
        return ipv6 ? IPV6_HOST_LENGTH : IPV4_HOST_LENGTH;
    }

    public static boolean isRecordMagic(int magic) {
        return magic == MAGIC_V1 || magic == MAGIC_V2;
    }

    public static int topicLengthSize(int magic) {
        return magic == MAGIC_V2 ? 2 : 1;
    }

    /** Total record length for the given field sizes. */
    public static int recordLength(int sysFlag, int bodyLength, int topicLength, int propertiesLength) {
        int bornHost = hostLength((sysFlag & SYSFLAG_BORNHOST_V6) != 0);
        int storeHost = hostLength((sysFlag & SYSFLAG_STOREHOST_V6) != 0);
        int topicLengthSize = topicLength > V1_MAX_TOPIC_LENGTH ? 2 : 1;
        return 4 // TOTALSIZE
                + 4 // MAGICCODE
                + 4 // BODYCRC
                + 4 // QUEUEID
                + 4 // FLAG
                + 8 // QUEUEOFFSET
                + 8 // PHYSICALOFFSET
                + 4 // SYSFLAG
                + 8 // BORNTIMESTAMP
                + bornHost
                + 8 // STORETIMESTAMP
                + storeHost
                + 4 // RECONSUMETIMES
                + 8 // PREPARED TRANSACTION OFFSET
                + 4 + bodyLength
                + topicLengthSize + topicLength
                + 2 + propertiesLength;
    }

    /** RocketMQ's CRC: CRC32 masked to a non-negative int. */
    public static int crc32(java.nio.ByteBuffer data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    public static int crc32(byte[] data) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(data, 0, data.length);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
