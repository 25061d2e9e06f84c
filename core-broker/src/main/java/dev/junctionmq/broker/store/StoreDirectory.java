package dev.junctionmq.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The store root and its two marker files: {@code lock}, held with an OS file lock while the store is open so a
 * second broker cannot share the directory, and {@code abort}, created at start and removed on a clean stop, so
 * its presence at start means the last run crashed.
 */
final class StoreDirectory implements AutoCloseable {

    private final Path root;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean lastStopWasCrash;

    private StoreDirectory(Path root, FileChannel lockChannel, FileLock lock, boolean lastStopWasCrash) {
        this.root = root;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.lastStopWasCrash = lastStopWasCrash;
    }

    static StoreDirectory open(Path root) {
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new StoreLockedException("store directory " + root.toAbsolutePath() + " is in use by another"
                        + " broker (its lock file is held); stop that broker or choose another data directory");
            }
            Path abort = root.resolve("abort");
            boolean crashed = Files.exists(abort);
            if (!crashed) {
                Files.createFile(abort);
            }
            return new StoreDirectory(root, channel, lock, crashed);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot open store directory " + root.toAbsolutePath(), e);
        }
    }

    Path root() {
        return root;
    }

    Path resolve(String name) {
        return root.resolve(name);
    }

    boolean lastStopWasCrash() {
        return lastStopWasCrash;
    }

    /** Marks a clean stop: removes the abort marker. Call after everything is flushed. */
    void markCleanStop() {
        try {
            Files.deleteIfExists(root.resolve("abort"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove abort marker in " + root, e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel close below releases it as well
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
    }
}
