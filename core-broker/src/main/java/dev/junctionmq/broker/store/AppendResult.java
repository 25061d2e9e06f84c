package dev.junctionmq.broker.store;

/**
 * Where an appended message landed.
 *
 * @param commitLogOffset where its record starts in the commit log
 * @param size            the record's length in bytes
 * @param queueOffset     its logical offset in its own queue
 * @param storeTimestamp  the store's clock when it was written
 * @param offsetMessageId the store-side message id (store host, port, commit-log offset as hex)
 */
public record AppendResult(long commitLogOffset, int size, long queueOffset, long storeTimestamp,
                           String offsetMessageId) {
}
