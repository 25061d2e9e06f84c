package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.StoreCorruptedException;
import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.file.SegmentList;
import dev.junctionmq.broker.store.record.RecordCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * Finds where valid data ends in the commit log after a start, and cuts off what a crash left half-written.
 *
 * <p>The scan starts at the beginning of the segment that holds {@code scanFrom} (a position the checkpoint
 * vouches for) and checks magic code, lengths and CRCs record by record. At the first position that is not an
 * intact record it decides:
 * <ul>
 *   <li>the last stop was clean, the position lies below {@code durableOffset} (bytes the store had forced to
 *       disk), or intact records follow in a later segment: the log is <em>corrupt</em>; the store refuses to
 *       start and names file and offset, rather than silently dropping acknowledged messages;</li>
 *   <li>otherwise it is the torn tail of a crash: the rest of the segment is zeroed, later segments are deleted,
 *       and a warning says how many bytes went.</li>
 * </ul>
 */
public final class CommitLogRecovery {

    private static final Logger log = LoggerFactory.getLogger(CommitLogRecovery.class);
    private static final int PAGE = 4096;

    private CommitLogRecovery() {
    }

    /**
     * @param scanFrom      a commit-log offset known to be at or after a record boundary of intact data
     * @param durableOffset everything below this was forced to disk before the last stop
     * @param crashed       whether the last stop was a crash (the abort marker was present)
     * @return the offset just past the last intact record
     */
    public static long recover(SegmentList segments, long scanFrom, long durableOffset, boolean crashed,
                               boolean verifyCrc) {
        List<MappedSegment> all = segments.segments();
        if (all.isEmpty()) {
            if (durableOffset > 0) {
                throw new StoreCorruptedException(segments.directory(), 0, "no commit-log segments, but the checkpoint"
                        + " says data up to commit-log offset " + durableOffset + " was flushed: segment files are missing");
            }
            return scanFrom - scanFrom % segments.segmentSize();
        }
        int index = indexOf(all, scanFrom);
        MappedSegment segment = all.get(index);
        int position = 0;
        long records = 0;
        while (true) {
            if (position == segment.size()) {
                if (index + 1 == all.size()) {
                    return segment.endOffset();
                }
                segment = all.get(++index);
                position = 0;
                continue;
            }
            RecordCheck check = RecordCheck.inspect(segment.buffer(), position, verifyCrc);
            switch (check.kind()) {
                case RECORD -> {
                    position += check.size();
                    records++;
                }
                case BLANK -> position = segment.size();
                case END_OF_DATA -> {
                    long end = segment.startOffset() + position;
                    if (end < durableOffset) {
                        throw new StoreCorruptedException(segment.path(), position, "the commit log ends here, but the"
                                + " checkpoint says data up to commit-log offset " + durableOffset + " was flushed");
                    }
                    if (crashed) {
                        cutTail(segments, index, position, null);
                    }
                    log.info("commit log recovered: {} records checked from offset {}, valid data ends at {}",
                            records, all.get(indexOf(all, scanFrom)).startOffset(), end);
                    return end;
                }
                case INVALID -> {
                    long end = segment.startOffset() + position;
                    if (!crashed) {
                        throw new StoreCorruptedException(segment.path(), position, check.problem()
                                + "; the last stop was clean, so nothing can be torn: the data is damaged");
                    }
                    if (end < durableOffset) {
                        throw new StoreCorruptedException(segment.path(), position, check.problem()
                                + "; this data had been flushed (up to commit-log offset " + durableOffset
                                + "), so it is damaged rather than torn by a crash");
                    }
                    cutTail(segments, index, position, check.problem());
                    log.info("commit log recovered: {} records checked, valid data ends at {}", records, end);
                    return end;
                }
                default -> throw new IllegalStateException(check.kind().toString());
            }
        }
    }

    private static int indexOf(List<MappedSegment> all, long offset) {
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).startOffset() <= offset) {
                return i;
            }
        }
        return 0;
    }

    /** Drops everything from {@code position} of segment {@code index} on, after making sure it is only a tail. */
    private static void cutTail(SegmentList segments, int index, int position, String problem) {
        List<MappedSegment> all = segments.segments();
        MappedSegment segment = all.get(index);
        for (int later = index + 1; later < all.size(); later++) {
            MappedSegment next = all.get(later);
            if (RecordCheck.inspect(next.buffer(), 0, true).kind() == RecordCheck.Kind.RECORD) {
                throw new StoreCorruptedException(segment.path(), position, (problem != null ? problem
                        : "the data stops here") + ", but intact records follow in " + next.path()
                        + ", so this is damage in the middle of the log, not a torn tail");
            }
        }
        long zeroed = zeroFrom(segment, position);
        if (problem != null || zeroed > 0) {
            log.warn("commit log: discarding a torn tail at {} offset {} ({}); {} bytes cleared",
                    segment.path(), position, problem != null ? problem : "bytes after the end of data", zeroed);
        }
        if (index + 1 < all.size()) {
            log.warn("commit log: deleting {} segment(s) after the torn tail", all.size() - index - 1);
            segments.destroyFrom(segment.endOffset());
        }
    }

    /** Zeroes the segment from {@code position} on, touching only pages that hold data so sparse files stay sparse. */
    private static long zeroFrom(MappedSegment segment, int position) {
        ByteBuffer buffer = segment.buffer();
        long cleared = 0;
        int p = position;
        while (p < segment.size()) {
            int pageEnd = Math.min(segment.size(), (p / PAGE + 1) * PAGE);
            if (!isZero(buffer, p, pageEnd)) {
                for (int i = p; i < pageEnd; i++) {
                    buffer.put(i, (byte) 0);
                }
                cleared += pageEnd - p;
            }
            p = pageEnd;
        }
        segment.force(position, segment.size());
        return cleared;
    }

    private static boolean isZero(ByteBuffer buffer, int from, int to) {
        int i = from;
        for (; i + 8 <= to; i += 8) {
            if (buffer.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
