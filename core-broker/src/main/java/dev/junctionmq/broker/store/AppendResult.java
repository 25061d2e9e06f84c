package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.record.OffsetMessageId;

import java.net.InetSocketAddress;

/**
 * Where an appended message landed.
 *
 * @param commitLogOffset where its record starts in the commit log
 * @param size            the record's length in bytes
 * @param queueOffset     its logical offset in its own queue
 * @param storeTimestamp  the store's clock when it was written
 * @param storeHost       the store host written into the record
 */
public record AppendResult(long commitLogOffset, int size, long queueOffset, long storeTimestamp,
                           InetSocketAddress storeHost) {

    /** The store-side message id: store host, port and commit-log offset as hex (computed on demand). */
    public String offsetMessageId() {
        return new OffsetMessageId(storeHost, commitLogOffset).encode();
    }
}
