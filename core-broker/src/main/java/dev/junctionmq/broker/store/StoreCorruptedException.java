package dev.junctionmq.broker.store;

import java.nio.file.Path;

/**
 * Data the store had made durable is not what it wrote. The store refuses to guess: it names the file and the
 * offset so that an operator can inspect, restore or remove it.
 */
public class StoreCorruptedException extends RuntimeException {

    private final Path file;
    private final long fileOffset;

    public StoreCorruptedException(Path file, long fileOffset, String problem) {
        super(file + " at offset " + fileOffset + ": " + problem);
        this.file = file;
        this.fileOffset = fileOffset;
    }

    public StoreCorruptedException(String message) {
        super(message);
        this.file = null;
        this.fileOffset = -1;
    }

    /** The damaged file, when one is known. */
    public Path file() {
        return file;
    }

    /** Offset inside {@link #file()}, or -1. */
    public long fileOffset() {
        return fileOffset;
    }
}
