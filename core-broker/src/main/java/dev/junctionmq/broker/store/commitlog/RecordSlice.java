package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.record.StoredRecord;

import java.nio.ByteBuffer;

/**
 * One record read from the commit log without copying: a slice of the mapped segment, which stays mapped until
 * {@link #close()}.
 */
public final class RecordSlice implements AutoCloseable {

    private final MappedSegment segment;
    private final long offset;
    private final ByteBuffer buffer;
    private boolean closed;

    RecordSlice(MappedSegment segment, long offset, ByteBuffer buffer) {
        this.segment = segment;
        this.offset = offset;
        this.buffer = buffer;
    }

    public long offset() {
        return offset;
    }

    /** The raw record bytes, position 0 to limit = record length. */
    public ByteBuffer buffer() {
        return buffer.duplicate();
    }

    public StoredRecord record() {
        return new StoredRecord(buffer);
    }

    MappedSegment segment() {
        return segment;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            segment.release();
        }
    }
}
