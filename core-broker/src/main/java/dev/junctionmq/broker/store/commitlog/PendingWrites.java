package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.file.MappedSegment;

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
    private final List<Run> runs = new ArrayList<>();
    private long endOffset = -1;

    /** Bytes for {@code segment} from log offset {@code logOffset}, starting at {@code bufferStart} in the buffer. */
    private record Run(MappedSegment segment, long logOffset, int bufferStart) {
    }

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
     * Reserves {@code length} bytes for the log range of {@code segment} starting at {@code logOffset}, and returns
     * where in {@link #buffer()} to write them. The caller checked {@link #fits}. A new run starts at a gap and at
     * every new segment: a filler that ends exactly at a segment's end is followed, without a gap, by the next
     * segment's first record.
     */
    int reserve(MappedSegment segment, long logOffset, int length) {
        Run last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
        if (last == null || last.segment() != segment || logOffset != endOffset) {
            runs.add(new Run(segment, logOffset, buffer.position()));
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
    void writeOut() {
        for (int i = 0; i < runs.size(); i++) {
            Run run = runs.get(i);
            int to = i + 1 < runs.size() ? runs.get(i + 1).bufferStart() : buffer.position();
            run.segment().write((int) (run.logOffset() - run.segment().startOffset()),
                    buffer.slice(run.bufferStart(), to - run.bufferStart()));
        }
        runs.clear();
        buffer.clear();
        endOffset = -1;
    }
}
