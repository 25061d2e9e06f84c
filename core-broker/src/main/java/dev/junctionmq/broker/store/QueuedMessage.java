package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.record.StoredRecord;

import java.nio.ByteBuffer;

/**
 * One message read from a queue: its consume-queue entry and its record, which is a slice of the mapped commit
 * log (valid until the {@link ReadResult} that returned it is closed).
 */
public final class QueuedMessage {

    private final long queueOffset;
    private final long commitLogOffset;
    private final long tagHash;
    private final ByteBuffer record;

    QueuedMessage(long queueOffset, long commitLogOffset, long tagHash, ByteBuffer record) {
        this.queueOffset = queueOffset;
        this.commitLogOffset = commitLogOffset;
        this.tagHash = tagHash;
        this.record = record;
    }

    public long queueOffset() {
        return queueOffset;
    }

    public long commitLogOffset() {
        return commitLogOffset;
    }

    public long tagHash() {
        return tagHash;
    }

    public int size() {
        return record.limit();
    }

    /** The raw record bytes in RocketMQ's layout (a duplicate: position 0, limit = size). */
    public ByteBuffer rawRecord() {
        return record.duplicate();
    }

    public StoredRecord record() {
        return new StoredRecord(record);
    }
}
