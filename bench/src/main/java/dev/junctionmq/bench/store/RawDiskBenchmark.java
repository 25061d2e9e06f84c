package dev.junctionmq.bench.store;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.Units;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Random;

/**
 * What the file system under the store can do without the store: plain {@link FileChannel} writes to a new file.
 * Each method creates its file in the given directory and deletes it afterwards.
 */
public final class RawDiskBenchmark {

    static final int SEQUENTIAL_CHUNK = 1024 * 1024;
    static final int FSYNC_CHUNK = 4096;

    private final Path directory;

    public RawDiskBenchmark(Path directory) {
        this.directory = directory;
    }

    /** Sequential bandwidth: {@code bytes} in 1 MiB direct-buffer writes, then one {@code force}, timed together. */
    public SequentialResult sequentialWrite(long bytes) throws IOException {
        ByteBuffer chunk = filledDirectBuffer(SEQUENTIAL_CHUNK);
        Path file = directory.resolve("raw-sequential.dat");
        long written = 0;
        long start = System.nanoTime();
        long forceStart;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (written < bytes) {
                chunk.clear();
                chunk.limit((int) Math.min(SEQUENTIAL_CHUNK, bytes - written));
                while (chunk.hasRemaining()) {
                    written += channel.write(chunk);
                }
            }
            forceStart = System.nanoTime();
            channel.force(true);
        } finally {
            Files.deleteIfExists(file);
        }
        long end = System.nanoTime();
        return new SequentialResult(written, end - start, end - forceStart);
    }

    /** Durable small-write rate: one writer appending 4 KiB and calling {@code force(false)}, for {@code duration}. */
    public FsyncResult writeFsyncLoop(Duration duration) throws IOException {
        return fsyncLoop(duration, 0);
    }

    /**
     * The same loop over blocks written and forced beforehand (what the store's pre-allocation gives its group
     * commits): each force then writes data only, no block allocation.
     */
    public FsyncResult overwriteFsyncLoop(Duration duration, long preparedBytes) throws IOException {
        return fsyncLoop(duration, preparedBytes);
    }

    private FsyncResult fsyncLoop(Duration duration, long preparedBytes) throws IOException {
        ByteBuffer chunk = filledDirectBuffer(FSYNC_CHUNK);
        Path file = directory.resolve("raw-fsync.dat");
        LatencyHistogram latencies = new LatencyHistogram();
        long ops = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            if (preparedBytes > 0) {
                prepare(channel, preparedBytes);
            }
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            long now = start;
            long position = 0;
            while (now - end < 0 && (preparedBytes == 0 || position + FSYNC_CHUNK <= preparedBytes)) {
                chunk.clear();
                while (chunk.hasRemaining()) {
                    position += channel.write(chunk, position);
                }
                channel.force(false);
                long done = System.nanoTime();
                latencies.record(done - now);
                now = done;
                ops++;
            }
            return new FsyncResult(ops, now - start, latencies.percentileNanos(50), latencies.percentileNanos(99));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void prepare(FileChannel channel, long bytes) throws IOException {
        ByteBuffer zeros = ByteBuffer.allocateDirect(SEQUENTIAL_CHUNK);
        for (long position = 0; position < bytes; ) {
            zeros.clear().limit((int) Math.min(SEQUENTIAL_CHUNK, bytes - position));
            while (zeros.hasRemaining()) {
                position += channel.write(zeros, position);
            }
        }
        channel.force(true);
    }

    private static ByteBuffer filledDirectBuffer(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return ByteBuffer.allocateDirect(size).put(bytes).flip();
    }

    /** @param forceNanos the part of {@code nanos} spent in the final {@code force} */
    public record SequentialResult(long bytes, long nanos, long forceNanos) {
        public double megabytesPerSecond() {
            return Units.perSecond(bytes, nanos) / Units.MB;
        }
    }

    public record FsyncResult(long operations, long nanos, long p50Nanos, long p99Nanos) {
        public double operationsPerSecond() {
            return Units.perSecond(operations, nanos);
        }
    }
}
