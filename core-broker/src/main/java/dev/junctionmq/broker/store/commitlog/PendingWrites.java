package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.file.SegmentList;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Commit-log bytes appended under {@code SYNC_FLUSH} but not yet written to their segment files: the group-commit
 * thread writes a whole group with one positional write per segment, right before it forces them, instead of each
 * appender making a system call of its own while it holds the append lock (measured: 16 such writes were most of a
 * group commit's time between two forces on two cores).
 *
 * <p>Bytes are kept as runs, each contiguous in the log and inside one segment; a segment roll starts a new run.
 * Not thread-safe: one instance is filled under the append lock, and handed whole to the flusher.
 */
final class PendingWrites {

    private final ByteBuffer buffer;
    /** Log offset of each run's first byte, and where the run starts in {@link #buffer}. */
    private final List<long[]> runs = new ArrayList<>();
    private long endOffset = -1;

    PendingWrites(int capacity) {
        this.buffer = ByteBuffer.allocateDirect(capacity);
    }

    boolean fits(int length) {
        return buffer.remaining() >= length;
    }

    boolean isEmpty() {
        return buffer.position() == 0;
    }

    /** Log offset one past the last byte added; -1 when empty. */
    long endOffset() {
        return endOffset;
    }

    /**
     * Reserves {@code length} bytes for the log range starting at {@code logOffset}, and returns where in
     * {@link #buffer()} to write them. The caller checked {@link #fits}.
     */
    int reserve(long logOffset, int length) {
        if (logOffset != endOffset) {
            runs.add(new long[] {logOffset, buffer.position()});
        }
        int index = buffer.position();
        buffer.position(index + length);
        endOffset = logOffset + length;
        return index;
    }

    ByteBuffer buffer() {
        return buffer;
    }

    /** Writes every run into its segment (the page cache; the caller forces) and empties this buffer. */
    void writeTo(SegmentList segments) {
        for (int i = 0; i < runs.size(); i++) {
            long logOffset = runs.get(i)[0];
            int from = (int) runs.get(i)[1];
            int to = i + 1 < runs.size() ? (int) runs.get(i + 1)[1] : buffer.position();
            MappedSegment segment = segments.find(logOffset);
            if (segment == null) {
                throw new IllegalStateException("no commit-log segment for pending bytes at offset " + logOffset);
            }
            segment.write((int) (logOffset - segment.startOffset()), buffer.slice(from, to - from));
        }
        runs.clear();
        buffer.clear();
        endOffset = -1;
    }
}
