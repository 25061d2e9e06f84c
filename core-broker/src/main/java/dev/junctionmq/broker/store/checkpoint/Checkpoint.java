package dev.junctionmq.broker.store.checkpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32;

/**
 * The {@code checkpoint} file: one 4 KiB page recording how far each part of the store is known to be on disk.
 *
 * <pre>
 *  0  commitLogFlushedTimestamp   8   when the commit-log figure below was taken
 *  8  consumeQueueTimestamp       8
 * 16  indexTimestamp              8
 * 24  commitLogFlushedOffset      8   every commit-log byte below it was forced to disk
 * 32  consumeQueueOffset          8   every record below this commit-log offset has durable consume-queue entries
 * 40  indexOffset                 8   every record below this commit-log offset has durable index entries
 * 48  CRC32 of bytes 0..47        8
 * </pre>
 *
 * A page write that a crash tears fails the CRC, and the store then rebuilds from the start of the commit log.
 */
public final class Checkpoint {

    private static final int PAGE = 4096;
    private static final int CONTENT = 48;

    public record State(long commitLogFlushedOffset, long consumeQueueOffset, long indexOffset,
                        long commitLogTimestamp, long consumeQueueTimestamp, long indexTimestamp) {

        public static final State EMPTY = new State(0, 0, 0, 0, 0, 0);

        /** The earliest commit-log offset whose dispatch is not known to be durable. */
        public long dispatchedOffset() {
            return Math.min(consumeQueueOffset, indexOffset);
        }
    }

    private final Path path;

    public Checkpoint(Path path) {
        this.path = path;
    }

    /** @return the stored state, or null if the file is missing or damaged */
    public State read() {
        if (!Files.exists(path)) {
            return null;
        }
        try {
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length < CONTENT + 8) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getLong(CONTENT) != crc(buffer)) {
                return null;
            }
            return new State(buffer.getLong(24), buffer.getLong(32), buffer.getLong(40),
                    buffer.getLong(0), buffer.getLong(8), buffer.getLong(16));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** Writes and forces the state. Called by one thread at a time. */
    public synchronized void write(State state) {
        ByteBuffer buffer = ByteBuffer.allocate(PAGE);
        buffer.putLong(0, state.commitLogTimestamp());
        buffer.putLong(8, state.consumeQueueTimestamp());
        buffer.putLong(16, state.indexTimestamp());
        buffer.putLong(24, state.commitLogFlushedOffset());
        buffer.putLong(32, state.consumeQueueOffset());
        buffer.putLong(40, state.indexOffset());
        buffer.putLong(CONTENT, crc(buffer));
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer, buffer.position());
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    private static long crc(ByteBuffer buffer) {
        CRC32 crc = new CRC32();
        crc.update(buffer.slice(0, CONTENT));
        return crc.getValue();
    }
}
