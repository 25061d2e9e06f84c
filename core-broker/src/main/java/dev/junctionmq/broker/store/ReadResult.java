package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.commitlog.RecordSlice;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Messages read from one queue. The records are slices of the mapped commit log, not heap copies: close the
 * result (try-with-resources) once they have been written out, which lets retention unmap their segments.
 */
public final class ReadResult implements AutoCloseable {

    /** What a read found. */
    public enum Status {
        /** At least one message; {@link #nextOffset()} is where to continue. */
        FOUND,
        /** The offset is the queue's end: nothing new yet. */
        NO_NEW_MESSAGE,
        /** Entries were there but none passed the filter; continue at {@link #nextOffset()}. */
        NO_MATCHED_MESSAGE,
        /** The offset was deleted by retention; {@link #nextOffset()} is the queue's first offset. */
        OFFSET_TOO_SMALL,
        /** The offset lies beyond the queue's end; {@link #nextOffset()} is the end. */
        OFFSET_TOO_LARGE
    }

    private final Status status;
    private final long nextOffset;
    private final long minOffset;
    private final long maxOffset;
    private final List<QueuedMessage> messages;
    private final List<RecordSlice> slices;

    ReadResult(Status status, long nextOffset, long minOffset, long maxOffset, List<QueuedMessage> messages,
               List<RecordSlice> slices) {
        this.status = status;
        this.nextOffset = nextOffset;
        this.minOffset = minOffset;
        this.maxOffset = maxOffset;
        this.messages = Collections.unmodifiableList(messages);
        this.slices = slices;
    }

    static ReadResult empty(Status status, long nextOffset, long minOffset, long maxOffset) {
        return new ReadResult(status, nextOffset, minOffset, maxOffset, List.of(), new ArrayList<>());
    }

    public Status status() {
        return status;
    }

    public long nextOffset() {
        return nextOffset;
    }

    public long minOffset() {
        return minOffset;
    }

    public long maxOffset() {
        return maxOffset;
    }

    public List<QueuedMessage> messages() {
        return messages;
    }

    public int totalBytes() {
        int total = 0;
        for (QueuedMessage m : messages) {
            total += m.size();
        }
        return total;
    }

    @Override
    public void close() {
        for (RecordSlice slice : slices) {
            slice.close();
        }
        slices.clear();
    }
}
