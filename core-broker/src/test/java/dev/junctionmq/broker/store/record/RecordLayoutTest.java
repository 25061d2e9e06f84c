package dev.junctionmq.broker.store.record;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record layout against one built by hand from Apache RocketMQ's documented field table
 * (TOTALSIZE, MAGICCODE, BODYCRC, QUEUEID, FLAG, QUEUEOFFSET, PHYSICALOFFSET, SYSFLAG, BORNTIMESTAMP, BORNHOST,
 * STORETIMESTAMP, STOREHOSTADDRESS, RECONSUMETIMES, PREPARED TRANSACTION OFFSET, BODY, TOPIC, PROPERTIES).
 */
class RecordLayoutTest {

    private static final InetSocketAddress BORN = new InetSocketAddress(ipv4(10, 1, 2, 3), 54321);
    private static final InetSocketAddress STORE = new InetSocketAddress(ipv4(192, 168, 7, 9), 10911);

    @Test
    void v1RecordWithoutRecordCrcMatchesHandBuiltBytes() {
        byte[] body = "hello, junction".getBytes(StandardCharsets.UTF_8);
        MessageToAppend message = MessageToAppend.builder("TopicTest").queueId(3).flag(7).body(body)
                .tags("TagA").keys("k1", "k2").bornTimestamp(1_700_000_000_123L).bornHost(BORN)
                .reconsumeTimes(2).preparedTransactionOffset(99).build();
        RecordEncoder encoder = new RecordEncoder(STORE, false);
        ByteBuffer actual = ByteBuffer.allocate(512);
        int length = encoder.encode(actual, 0, message, 41, 4096, 1_700_000_000_456L, new byte[0]);

        byte[] properties = "TAGS\u0001TagA\u0002KEYS\u0001k1 k2\u0002".getBytes(StandardCharsets.UTF_8);
        byte[] topic = "TopicTest".getBytes(StandardCharsets.UTF_8);
        ByteBuffer expected = ByteBuffer.allocate(512);
        int total = 4 + 4 + 4 + 4 + 4 + 8 + 8 + 4 + 8 + 8 + 8 + 8 + 4 + 8 + 4 + body.length + 1 + topic.length
                + 2 + properties.length;
        expected.putInt(total);
        expected.putInt(0xDAA320A7);                        // MAGICCODE V1
        expected.putInt(crc31(body));                       // BODYCRC
        expected.putInt(3);                                 // QUEUEID
        expected.putInt(7);                                 // FLAG
        expected.putLong(41);                               // QUEUEOFFSET
        expected.putLong(4096);                             // PHYSICALOFFSET
        expected.putInt(0);                                 // SYSFLAG: IPv4 hosts, not compressed
        expected.putLong(1_700_000_000_123L);               // BORNTIMESTAMP
        expected.put(new byte[] {10, 1, 2, 3}).putInt(54321);
        expected.putLong(1_700_000_000_456L);               // STORETIMESTAMP
        expected.put(new byte[] {(byte) 192, (byte) 168, 7, 9}).putInt(10911);
        expected.putInt(2);                                 // RECONSUMETIMES
        expected.putLong(99);                               // PREPARED TRANSACTION OFFSET
        expected.putInt(body.length).put(body);
        expected.put((byte) topic.length).put(topic);
        expected.putShort((short) properties.length).put(properties);

        assertThat(length).isEqualTo(total);
        assertThat(bytes(actual, length)).isEqualTo(bytes(expected, total));
        // RocketMQ's fixed offsets: body length at 84 for IPv4 hosts, store timestamp at 56.
        assertThat(actual.getInt(84)).isEqualTo(body.length);
        assertThat(actual.getLong(56)).isEqualTo(1_700_000_000_456L);
    }

    @Test
    void recordCrcPropertyCoversEverythingBeforeItWithDigitsLeastSignificantFirst() {
        MessageToAppend message = MessageToAppend.builder("T").body(new byte[] {1, 2, 3}).build();
        RecordEncoder encoder = new RecordEncoder(STORE, true);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int length = encoder.encode(buffer, 0, message, 0, 0, 1L, new byte[0]);

        int crcStart = length - RecordFormat.CRC32_RESERVED_LENGTH;
        int expectedCrc = crc31(bytes(buffer, crcStart));
        String digits = new StringBuilder(String.format("%010d", expectedCrc)).reverse().toString();
        String tail = new String(bytes(buffer.slice(crcStart, RecordFormat.CRC32_RESERVED_LENGTH),
                RecordFormat.CRC32_RESERVED_LENGTH), StandardCharsets.US_ASCII);
        assertThat(tail).isEqualTo("__CRC32#\u0001" + digits + "\u0002");
        StoredRecord record = new StoredRecord(buffer.slice(0, length));
        assertThat(record.verifyChecksums()).isNull();
        assertThat(record.properties()).containsEntry("__CRC32#", digits);
    }

    @Test
    void roundTripThroughStoredRecordIncludingIpv6AndV2Topic() throws Exception {
        String longTopic = "t".repeat(200);
        InetSocketAddress bornV6 = new InetSocketAddress(InetAddress.getByName("::1"), 1234);
        byte[] body = new byte[1000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        MessageToAppend message = MessageToAppend.builder(longTopic).queueId(5).body(body).bornHost(bornV6)
                .property("color", "blue").uniqueKey("ABC").sysFlag(RecordFormat.SYSFLAG_COMPRESSED).build();
        RecordEncoder encoder = new RecordEncoder(STORE, true);
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int length = encoder.encode(buffer, 100, message, 12, 777, 5L, new byte[0]);

        StoredRecord record = new StoredRecord(buffer.slice(100, length));
        assertThat(record.magic()).isEqualTo(RecordFormat.MAGIC_V2);
        assertThat(record.totalSize()).isEqualTo(length);
        assertThat(record.topic()).isEqualTo(longTopic);
        assertThat(record.queueId()).isEqualTo(5);
        assertThat(record.queueOffset()).isEqualTo(12);
        assertThat(record.physicalOffset()).isEqualTo(777);
        assertThat(record.sysFlag()).isEqualTo(RecordFormat.SYSFLAG_COMPRESSED | RecordFormat.SYSFLAG_BORNHOST_V6);
        assertThat(record.bornHost()).isEqualTo(bornV6);
        assertThat(record.storeHost()).isEqualTo(STORE);
        assertThat(record.storeTimestamp()).isEqualTo(5L);
        assertThat(record.bodyBytes()).isEqualTo(body);
        assertThat(record.property("color")).isEqualTo("blue");
        assertThat(record.property(MessageProperties.UNIQ_KEY)).isEqualTo("ABC");
        assertThat(RecordCheck.inspect(buffer.slice(100, length), 0, true).kind()).isEqualTo(RecordCheck.Kind.RECORD);
    }

    @Test
    void inspectionRejectsFlippedBitsAndBadMagic() {
        MessageToAppend message = MessageToAppend.builder("T").body(new byte[] {9, 9, 9}).tags("x").build();
        RecordEncoder encoder = new RecordEncoder(STORE, true);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        int length = encoder.encode(buffer, 0, message, 0, 0, 1L, new byte[0]);

        ByteBuffer bodyFlipped = copy(buffer, length);
        bodyFlipped.put(88, (byte) 8);
        assertThat(RecordCheck.inspect(bodyFlipped, 0, true).problem()).contains("body CRC mismatch");

        ByteBuffer headerFlipped = copy(buffer, length);
        headerFlipped.putInt(RecordFormat.POS_QUEUE_ID, 1);
        assertThat(RecordCheck.inspect(headerFlipped, 0, true).problem()).contains("record CRC mismatch");

        ByteBuffer badMagic = copy(buffer, length);
        badMagic.putInt(RecordFormat.POS_MAGIC, 0x12345678);
        assertThat(RecordCheck.inspect(badMagic, 0, true).problem()).contains("bad magic code 0x12345678");

        ByteBuffer zeros = ByteBuffer.allocate(64);
        assertThat(RecordCheck.inspect(zeros, 0, true).kind()).isEqualTo(RecordCheck.Kind.END_OF_DATA);
    }

    @Test
    void offsetMessageIdEncodesHostPortAndOffset() {
        OffsetMessageId id = new OffsetMessageId(STORE, 0x1122334455L);
        assertThat(id.encode()).isEqualTo("C0A80709" + "00002A9F" + "0000001122334455");
        assertThat(OffsetMessageId.decode(id.encode())).isEqualTo(id);
    }

    @Test
    void uniqueIdsAre32HexCharactersAndDistinct() {
        UniqueIdGenerator generator = new UniqueIdGenerator();
        String a = generator.next();
        String b = generator.next();
        assertThat(a).matches("[0-9A-F]{32}");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.substring(0, 20)).isEqualTo(b.substring(0, 20));
    }

    private static int crc31(byte[] data) {
        CRC32 crc = new CRC32();
        crc.update(data);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }

    private static byte[] bytes(ByteBuffer buffer, int length) {
        byte[] out = new byte[length];
        buffer.get(0, out);
        return out;
    }

    private static ByteBuffer copy(ByteBuffer buffer, int length) {
        return ByteBuffer.wrap(bytes(buffer, length));
    }

    private static InetAddress ipv4(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
