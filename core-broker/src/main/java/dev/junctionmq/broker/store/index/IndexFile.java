package dev.junctionmq.broker.store.index;

import dev.junctionmq.broker.store.file.MappedSegment;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * One RocketMQ index file: a 40-byte header, a table of hash slots, then fixed entries chained per slot.
 *
 * <pre>
 * header  beginTimestamp 8 | endTimestamp 8 | beginPhyOffset 8 | endPhyOffset 8 | hashSlotCount 4 | indexCount 4
 * slots   hashSlots x 4 bytes: number of the newest entry whose key hashes to the slot (0 = none)
 * entries maxEntries x 20 bytes: keyHash 4 | phyOffset 8 | timeDiff 4 (seconds since beginTimestamp) | prev 4
 * </pre>
 *
 * Entry 0 is never used, so 0 means "no entry". Only the dispatcher writes; lookups read concurrently and
 * tolerate a half-written newest entry because the caller checks every hit against the commit log.
 */
final class IndexFile {

    static final int HEADER_SIZE = 40;
    static final int SLOT_SIZE = 4;
    static final int ENTRY_SIZE = 20;

    private static final int POS_BEGIN_TIMESTAMP = 0;
    private static final int POS_END_TIMESTAMP = 8;
    private static final int POS_BEGIN_PHY_OFFSET = 16;
    private static final int POS_END_PHY_OFFSET = 24;
    private static final int POS_HASH_SLOT_COUNT = 32;
    private static final int POS_INDEX_COUNT = 36;

    private final MappedSegment file;
    private final int hashSlots;
    private final int maxEntries;
    private final ByteBuffer buffer;

    private IndexFile(MappedSegment file, int hashSlots, int maxEntries) {
        this.file = file;
        this.hashSlots = hashSlots;
        this.maxEntries = maxEntries;
        this.buffer = file.buffer();
        if (buffer.getInt(POS_INDEX_COUNT) <= 0) {
            buffer.putInt(POS_INDEX_COUNT, 1);
        }
    }

    static int fileSize(int hashSlots, int maxEntries) {
        return HEADER_SIZE + hashSlots * SLOT_SIZE + maxEntries * ENTRY_SIZE;
    }

    static IndexFile map(Path path, int hashSlots, int maxEntries) {
        return new IndexFile(MappedSegment.map(path, 0, fileSize(hashSlots, maxEntries)), hashSlots, maxEntries);
    }

    /** RocketMQ's key hash: {@code |String.hashCode()|}, with {@code Integer.MIN_VALUE} mapped to 0. */
    static int keyHash(String key) {
        int hash = Math.abs(key.hashCode());
        return hash < 0 ? 0 : hash;
    }

    boolean isFull() {
        return indexCount() >= maxEntries;
    }

    /** @return false if the file is full */
    boolean put(String key, long phyOffset, long storeTimestamp) {
        int count = indexCount();
        if (count >= maxEntries) {
            return false;
        }
        int hash = keyHash(key);
        int slotPosition = HEADER_SIZE + (hash % hashSlots) * SLOT_SIZE;
        int previous = buffer.getInt(slotPosition);
        if (previous <= 0 || previous > count) {
            previous = 0;
        }
        long begin = beginTimestamp();
        long timeDiff = begin <= 0 ? 0 : Math.max(0, Math.min(Integer.MAX_VALUE, (storeTimestamp - begin) / 1000));
        int entryPosition = HEADER_SIZE + hashSlots * SLOT_SIZE + count * ENTRY_SIZE;
        buffer.putInt(entryPosition, hash);
        buffer.putLong(entryPosition + 4, phyOffset);
        buffer.putInt(entryPosition + 12, (int) timeDiff);
        buffer.putInt(entryPosition + 16, previous);
        buffer.putInt(slotPosition, count);
        if (count <= 1) {
            buffer.putLong(POS_BEGIN_PHY_OFFSET, phyOffset);
            buffer.putLong(POS_BEGIN_TIMESTAMP, storeTimestamp);
        }
        if (previous == 0) {
            buffer.putInt(POS_HASH_SLOT_COUNT, buffer.getInt(POS_HASH_SLOT_COUNT) + 1);
        }
        buffer.putLong(POS_END_PHY_OFFSET, phyOffset);
        buffer.putLong(POS_END_TIMESTAMP, storeTimestamp);
        buffer.putInt(POS_INDEX_COUNT, count + 1);
        return true;
    }

    /** Adds to {@code into} the commit-log offsets of entries whose key hash matches, newest first. */
    void query(String key, long beginTimestamp, long endTimestamp, int max, List<Long> into) {
        int hash = keyHash(key);
        int count = indexCount();
        int entry = buffer.getInt(HEADER_SIZE + (hash % hashSlots) * SLOT_SIZE);
        long fileBegin = beginTimestamp();
        int steps = 0;
        while (entry > 0 && entry < count && into.size() < max && steps++ < count) {
            int position = HEADER_SIZE + hashSlots * SLOT_SIZE + entry * ENTRY_SIZE;
            int entryHash = buffer.getInt(position);
            long phyOffset = buffer.getLong(position + 4);
            long timestamp = fileBegin + buffer.getInt(position + 12) * 1000L;
            int previous = buffer.getInt(position + 16);
            if (entryHash == hash && timestamp >= beginTimestamp - 1000 && timestamp <= endTimestamp) {
                into.add(phyOffset);
            }
            if (previous >= entry) {
                break;
            }
            entry = previous;
        }
    }

    int indexCount() {
        return buffer.getInt(POS_INDEX_COUNT);
    }

    long beginTimestamp() {
        return buffer.getLong(POS_BEGIN_TIMESTAMP);
    }

    long endTimestamp() {
        return buffer.getLong(POS_END_TIMESTAMP);
    }

    long beginPhyOffset() {
        return buffer.getLong(POS_BEGIN_PHY_OFFSET);
    }

    /** Commit-log offset of the newest entry's record; records at or below it are already indexed. */
    long endPhyOffset() {
        return buffer.getLong(POS_END_PHY_OFFSET);
    }

    boolean isEmpty() {
        return indexCount() <= 1;
    }

    Path path() {
        return file.path();
    }

    void flush() {
        file.force(0, file.size());
    }

    /** Deletes the file; lookups may still be walking it, so the mapping is left to the garbage collector. */
    void destroy() {
        file.deleteKeepingMapping();
    }

    void close() {
        // Lookups take no references: the mapping is left to the garbage collector (see destroy).
    }
}
