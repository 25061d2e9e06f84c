package dev.junctionmq.broker.store.consumequeue;

import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.file.SegmentList;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * The index of one queue: RocketMQ's fixed 20-byte entries {@code [commit-log offset 8][size 4][tag hash 8]},
 * entry n at byte n * 20, in segments named by the byte offset of their first entry.
 *
 * <p>Only the dispatcher thread writes; readers use offsets below {@link #maxOffset()}, which is published after
 * the entry is written.
 */
public final class ConsumeQueue {

    public static final int ENTRY_SIZE = 20;

    private final String topic;
    private final int queueId;
    private final SegmentList segments;
    private volatile long maxOffset;
    private volatile long minOffset;
    /** Logical offset up to which entries were forced to disk. */
    private long flushedOffset;

    ConsumeQueue(String topic, int queueId, Path directory, int entriesPerSegment) {
        this.topic = topic;
        this.queueId = queueId;
        this.segments = new SegmentList(directory, entriesPerSegment * ENTRY_SIZE, false);
    }

    public String topic() {
        return topic;
    }

    public int queueId() {
        return queueId;
    }

    /** Maps the existing segments and finds the last entry. */
    public void load() {
        segments.load();
        MappedSegment last = segments.last();
        if (last == null) {
            return;
        }
        ByteBuffer buffer = last.buffer();
        int position = 0;
        while (position < last.size() && buffer.getInt(position + 8) > 0) {
            position += ENTRY_SIZE;
        }
        maxOffset = (last.startOffset() + position) / ENTRY_SIZE;
        minOffset = segments.first().startOffset() / ENTRY_SIZE;
        flushedOffset = maxOffset;
    }

    /**
     * Removes entries that point at or beyond {@code commitLogEnd}: after a crash the consume queue can be ahead of
     * the commit log that survived.
     */
    public void truncateBeyond(long commitLogEnd) {
        long offset = maxOffset;
        while (offset > minOffset) {
            MappedSegment segment = segments.find((offset - 1) * ENTRY_SIZE);
            if (segment == null) {
                break;
            }
            int position = (int) ((offset - 1) * ENTRY_SIZE - segment.startOffset());
            ByteBuffer buffer = segment.buffer();
            long physical = buffer.getLong(position);
            int size = buffer.getInt(position + 8);
            if (size > 0 && physical + size <= commitLogEnd) {
                break;
            }
            buffer.putLong(position, 0).putInt(position + 8, 0).putLong(position + 12, 0);
            offset--;
        }
        if (offset != maxOffset) {
            maxOffset = offset;
            flushedOffset = Math.min(flushedOffset, offset);
            while (segments.last() != null && segments.last().startOffset() > offset * ENTRY_SIZE
                    && segments.segments().size() > 1) {
                segments.destroyFrom(segments.last().startOffset());
            }
        }
    }

    /**
     * Writes the entry for logical offset {@code queueOffset}. Replaying a record the queue already holds
     * rewrites the same bytes, so recovery can re-dispatch from any record boundary.
     */
    public void put(long queueOffset, long commitLogOffset, int size, long tagHash) {
        long bytePosition = queueOffset * ENTRY_SIZE;
        MappedSegment segment = segments.find(bytePosition);
        if (segment == null) {
            segment = addSegmentFor(bytePosition);
        }
        int position = (int) (bytePosition - segment.startOffset());
        ByteBuffer buffer = segment.buffer();
        buffer.putLong(position, commitLogOffset);
        buffer.putInt(position + 8, size);
        buffer.putLong(position + 12, tagHash);
        if (queueOffset >= maxOffset) {
            maxOffset = queueOffset + 1;
        }
    }

    private MappedSegment addSegmentFor(long bytePosition) {
        int segmentSize = segments.segmentSize();
        long start = bytePosition - bytePosition % segmentSize;
        MappedSegment last = segments.last();
        if (last == null) {
            minOffset = start / ENTRY_SIZE;
            return segments.add(start);
        }
        MappedSegment added = last;
        while (added.endOffset() <= start) {
            added = segments.add(added.endOffset());
        }
        return added;
    }

    /** Reads entry {@code queueOffset} into {@code into}; false if it is not there (yet, or any more). */
    public boolean read(long queueOffset, Entry into) {
        if (queueOffset < minOffset || queueOffset >= maxOffset) {
            return false;
        }
        MappedSegment segment = segments.find(queueOffset * ENTRY_SIZE);
        if (segment == null) {
            return false;
        }
        int position = (int) (queueOffset * ENTRY_SIZE - segment.startOffset());
        ByteBuffer buffer = segment.buffer();
        into.queueOffset = queueOffset;
        into.commitLogOffset = buffer.getLong(position);
        into.size = buffer.getInt(position + 8);
        into.tagHash = buffer.getLong(position + 12);
        return into.size > 0;
    }

    /** The next logical offset to be written: one past the last entry. */
    public long maxOffset() {
        return maxOffset;
    }

    /** The first logical offset whose entry (and record) may still be there. */
    public long minOffset() {
        return minOffset;
    }

    /** Forces entries written since the last flush. Called by the checkpoint thread. */
    public void flush() {
        long target = maxOffset;
        if (target <= flushedOffset) {
            return;
        }
        long from = flushedOffset * ENTRY_SIZE;
        long to = target * ENTRY_SIZE;
        for (MappedSegment segment : segments.segments()) {
            if (segment.endOffset() <= from || segment.startOffset() >= to) {
                continue;
            }
            segment.force((int) (Math.max(from, segment.startOffset()) - segment.startOffset()),
                    (int) (Math.min(to, segment.endOffset()) - segment.startOffset()));
        }
        flushedOffset = target;
    }

    /**
     * Drops whole segments whose entries all point below {@code commitLogMinOffset} (retention), always keeping the
     * last segment so the queue remembers its offsets; then moves {@link #minOffset()} past such entries.
     */
    public void deleteBefore(long commitLogMinOffset) {
        Entry entry = new Entry();
        while (segments.segments().size() > 1) {
            MappedSegment first = segments.first();
            long lastEntryOffset = first.endOffset() / ENTRY_SIZE - 1;
            if (!read(lastEntryOffset, entry) || entry.commitLogOffset >= commitLogMinOffset) {
                break;
            }
            minOffset = first.endOffset() / ENTRY_SIZE;
            segments.destroyFirst();
        }
        long offset = Math.max(minOffset, segments.isEmpty() ? 0 : segments.first().startOffset() / ENTRY_SIZE);
        while (offset < maxOffset && read(offset, entry) && entry.commitLogOffset < commitLogMinOffset) {
            offset++;
        }
        minOffset = offset;
    }

    public void close() {
        segments.close();
    }

    /** Deletes every segment file of this queue (topic deletion). */
    void destroy() {
        while (!segments.isEmpty()) {
            segments.destroyFirst();
        }
    }

    /** A reusable holder for one entry. */
    public static final class Entry {
        public long queueOffset;
        public long commitLogOffset;
        public int size;
        public long tagHash;
    }
}
