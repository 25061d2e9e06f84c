package dev.junctionmq.broker.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store root and its two marker files: {@code lock}, held with an OS file lock while the store is open so a
 * second broker cannot share the directory, and {@code abort}, created once recovery has succeeded and removed on
 * a clean stop, so its presence at start means the last run crashed. A start that fails leaves both as they were.
 */
final class StoreDirectory implements AutoCloseable {

    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path root;
    private final Path lockPath;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final boolean lastStopWasCrash;

    private StoreDirectory(Path root, Path lockPath, FileChannel lockChannel, FileLock lock, boolean lastStopWasCrash) {
        this.root = root;
        this.lockPath = lockPath;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.lastStopWasCrash = lastStopWasCrash;
    }

    static StoreDirectory open(Path root) {
        Path lockPath;
        try {
            Files.createDirectories(root);
            lockPath = root.toRealPath().resolve("lock");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open store directory " + root.toAbsolutePath(), e);
        }
        // OS file locks belong to the process, and closing any channel on the file drops them: a second open in
        // this JVM must be refused before it touches the file.
        if (!HELD_IN_THIS_JVM.add(lockPath)) {
            throw locked(root);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw locked(root);
            }
            boolean crashed = Files.exists(root.resolve("abort"));
            return new StoreDirectory(root, lockPath, channel, lock, crashed);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            HELD_IN_THIS_JVM.remove(lockPath);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new UncheckedIOException("cannot lock store directory " + root.toAbsolutePath(), (IOException) e);
        }
    }

    private static StoreLockedException locked(Path root) {
        return new StoreLockedException("store directory " + root.toAbsolutePath() + " is in use by another"
                + " broker (its lock file is held); stop that broker or choose another data directory");
    }

    /** Marks the store as running: until {@link #markCleanStop()}, a stop counts as a crash. Call after recovery. */
    void markRunning() {
        try {
            Path abort = root.resolve("abort");
            if (!Files.exists(abort)) {
                Files.createFile(abort);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create abort marker in " + root, e);
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
        HELD_IN_THIS_JVM.remove(lockPath);
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
