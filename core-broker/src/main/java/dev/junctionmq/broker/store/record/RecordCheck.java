package dev.junctionmq.broker.store.record;

import java.nio.ByteBuffer;

/**
 * What lies at one position of a commit-log segment, judged by magic code, length and checksums. Recovery walks
 * a segment with this and stops at the first position that is not a whole, intact record.
 */
public record RecordCheck(Kind kind, int size, String problem) {

    public enum Kind {
        /** An intact record of {@link #size()} bytes. */
        RECORD,
        /** The end-of-segment filler: continue at the next segment. */
        BLANK,
        /** Zeroes: nothing was ever written here. */
        END_OF_DATA,
        /** Something was written here, but it is not an intact record; see {@link #problem()}. */
        INVALID
    }

    private static final int MIN_RECORD_LENGTH = RecordFormat.recordLength(0, 0, 1, 0);

    /**
     * @param segment   the whole segment, index 0 = its first byte, limit = its size
     * @param position  where a record should start
     * @param verifyCrc whether to check the body CRC and the whole-record CRC
     */
    public static RecordCheck inspect(ByteBuffer segment, int position, boolean verifyCrc) {
        int remaining = segment.limit() - position;
        if (remaining < RecordFormat.END_OF_SEGMENT_MIN_BLANK) {
            return invalid("only " + remaining + " bytes left in the segment, too few for a record or filler");
        }
        int size = segment.getInt(position);
        int magic = segment.getInt(position + RecordFormat.POS_MAGIC);
        if (size == 0 && magic == 0) {
            return new RecordCheck(Kind.END_OF_DATA, 0, null);
        }
        if (magic == RecordFormat.BLANK_MAGIC) {
            return size == remaining ? new RecordCheck(Kind.BLANK, size, null)
                    : invalid("end-of-segment filler claims " + size + " bytes but " + remaining + " remain");
        }
        if (!RecordFormat.isRecordMagic(magic)) {
            return invalid(String.format("bad magic code 0x%08X", magic));
        }
        if (size < MIN_RECORD_LENGTH || size > remaining) {
            return invalid("record length " + size + " is impossible here (" + remaining + " bytes left in segment)");
        }
        ByteBuffer record = segment.slice(position, size);
        String layoutProblem = checkLayout(record, size, magic);
        if (layoutProblem != null) {
            return invalid(layoutProblem);
        }
        if (verifyCrc) {
            String crcProblem = new StoredRecord(record).verifyChecksums();
            if (crcProblem != null) {
                return invalid(crcProblem);
            }
        }
        return new RecordCheck(Kind.RECORD, size, null);
    }

    /** The variable-length fields must add up to exactly the declared total size. */
    private static String checkLayout(ByteBuffer record, int size, int magic) {
        int sysFlag = record.getInt(RecordFormat.POS_SYSFLAG);
        int p = RecordFormat.POS_BORN_HOST
                + RecordFormat.hostLength((sysFlag & RecordFormat.SYSFLAG_BORNHOST_V6) != 0) + 8
                + RecordFormat.hostLength((sysFlag & RecordFormat.SYSFLAG_STOREHOST_V6) != 0) + 4 + 8;
        if (p + 4 > size) {
            return "record header longer than its declared length " + size;
        }
        int bodyLength = record.getInt(p);
        p += 4;
        if (bodyLength < 0 || (long) p + bodyLength > size) {
            return "body length " + bodyLength + " runs past the record end";
        }
        p += bodyLength;
        int topicLengthSize = RecordFormat.topicLengthSize(magic);
        if (p + topicLengthSize > size) {
            return "topic length runs past the record end";
        }
        int topicLength = magic == RecordFormat.MAGIC_V2 ? record.getShort(p) & 0xFFFF : record.get(p) & 0xFF;
        p += topicLengthSize + topicLength;
        if (p + 2 > size) {
            return "topic of " + topicLength + " bytes runs past the record end";
        }
        int propertiesLength = record.getShort(p);
        p += 2;
        if (propertiesLength < 0 || p + propertiesLength != size) {
            return "field lengths add up to " + (p + Math.max(propertiesLength, 0)) + " bytes, record says " + size;
        }
        return null;
    }

    private static RecordCheck invalid(String problem) {
        return new RecordCheck(Kind.INVALID, 0, problem);
    }
}
