package dev.junctionmq.broker.store.file;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One fixed-size, memory-mapped file of a segmented log, named by the log offset of its first byte.
 *
 * <p>Readers {@link #retain()} the segment while they hold slices of it and {@link #release()} it afterwards;
 * {@link #destroy()} deletes the file at once but unmaps only when the last reader lets go, so a reader never
 * touches unmapped memory. All access is by absolute index: the mapped buffer's position is never used.
 */
public final class MappedSegment {

    private static final Method INVOKE_CLEANER;
    private static final Object UNSAFE;

    static {
        Method invokeCleaner = null;
        Object unsafe = null;
        try {
            Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
            var field = unsafeClass.getDeclaredField("theUnsafe");
            field.setAccessible(true);
            unsafe = field.get(null);
            invokeCleaner = unsafeClass.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without it, mappings are released by the garbage collector instead of at once.
        }
        INVOKE_CLEANER = invokeCleaner;
        UNSAFE = unsafe;
    }

    private final Path path;
    private final long startOffset;
    private final int size;
    private final MappedByteBuffer buffer;
    /** One reference belongs to the owner (the log); each reader adds one. */
    private final AtomicInteger references = new AtomicInteger(1);
    private volatile boolean available = true;
    /** Opened on the first {@link #write}: most segments (consume queues, index) are only ever written mapped. */
    private FileChannel channel;

    private MappedSegment(Path path, long startOffset, int size, MappedByteBuffer buffer) {
        this.path = path;
        this.startOffset = startOffset;
        this.size = size;
        this.buffer = buffer;
    }

    /**
     * Maps {@code path}, creating it (sparse, zero-filled) with {@code size} bytes if it does not exist. A new file
     * is sized under a temporary name and then renamed, so a crash never leaves a short segment behind.
     */
    public static MappedSegment map(Path path, long startOffset, int size) {
        if (!Files.exists(path)) {
            createFullSize(path, size);
        }
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
             FileChannel channel = file.getChannel()) {
            long existing = channel.size();
            if (existing == 0) {
                file.setLength(size);
            } else if (existing != size) {
                throw new IllegalStateException("segment " + path + " is " + existing + " bytes, expected " + size);
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
            return new MappedSegment(path, startOffset, size, mapped);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot map segment " + path, e);
        }
    }

    private static void createFullSize(Path path, int size) {
        Path temporary = path.resolveSibling(path.getFileName() + ".new");
        try (RandomAccessFile file = new RandomAccessFile(temporary.toFile(), "rw")) {
            file.setLength(size);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create segment " + path, e);
        }
        try {
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create segment " + path, e);
        }
    }

    public static String fileName(long startOffset) {
        return String.format("%020d", startOffset);
    }

    public Path path() {
        return path;
    }

    public long startOffset() {
        return startOffset;
    }

    public long endOffset() {
        return startOffset + size;
    }

    public int size() {
        return size;
    }

    public boolean contains(long offset) {
        return offset >= startOffset && offset < startOffset + size;
    }

    /** The whole mapping, for absolute reads and writes by the segment's single writer. */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** A slice that shares the mapping; callers must hold a reference (see {@link #retain()}). */
    public ByteBuffer slice(int position, int length) {
        return buffer.slice(position, length);
    }

    /** Forces bytes [from, to) of this segment to the storage device. */
    public void force(int from, int to) {
        if (to > from) {
            buffer.force(from, to - from);
        }
    }

    /**
     * Writes {@code source} at {@code position} with a positional file write instead of through the mapping. The
     * mapping sees the bytes at once (one page cache); forcing them with {@link #forceWrites()} is much cheaper
     * than forcing pages dirtied through the mapping, which is what {@code SYNC_FLUSH} needs.
     */
    public void write(int position, ByteBuffer source) {
        if (position < 0 || (long) position + source.remaining() > size) {
            // A file write past the end would grow the file, which the next start refuses as a damaged segment.
            throw new IllegalArgumentException("write of " + source.remaining() + " bytes at " + position
                    + " does not fit segment " + path + " of " + size + " bytes");
        }
        try {
            FileChannel file = channel();
            int at = position;
            while (source.hasRemaining()) {
                at += file.write(source, at);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write segment " + path, e);
        }
    }

    /** Forces what {@link #write} wrote (fdatasync). */
    public void forceWrites() {
        try {
            channel().force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot force segment " + path, e);
        }
    }

    private synchronized FileChannel channel() throws IOException {
        if (channel == null) {
            channel = FileChannel.open(path, java.nio.file.StandardOpenOption.READ,
                    java.nio.file.StandardOpenOption.WRITE);
        }
        return channel;
    }

    /** @return false if the segment is already being destroyed; the caller must then not read it */
    public boolean retain() {
        while (true) {
            int current = references.get();
            if (current <= 0 || !available) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    public void release() {
        if (references.decrementAndGet() == 0) {
            unmap();
        }
    }

    public boolean isAvailable() {
        return available;
    }

    public long lastModifiedMillis() {
        try {
            return Files.getLastModifiedTime(path).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Deletes the file now; the mapping goes when the last reader releases it. */
    public void destroy() {
        if (!available) {
            return;
        }
        available = false;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment " + path, e);
        }
        release();
    }

    /**
     * Deletes the file but leaves the mapping to the garbage collector: for segments that threads read and write
     * without taking references (consume queues, index files), where unmapping at once could crash a thread still
     * using it. Writes to the mapping after this land in the deleted file and vanish.
     */
    public void deleteKeepingMapping() {
        if (!available) {
            return;
        }
        available = false;
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete segment " + path, e);
        }
    }

    /** Drops the owner's reference without deleting the file (store shutdown). */
    public void close() {
        if (!available) {
            return;
        }
        available = false;
        release();
    }

    private void unmap() {
        synchronized (this) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // the file is being released anyway
                }
                channel = null;
            }
        }
        if (INVOKE_CLEANER != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, buffer);
            } catch (ReflectiveOperationException e) {
                // left to the garbage collector
            }
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
