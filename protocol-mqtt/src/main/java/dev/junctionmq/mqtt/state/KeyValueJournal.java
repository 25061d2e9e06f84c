package dev.junctionmq.mqtt.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.zip.CRC32;

/**
 * A small durable map of string keys to byte values, kept as an append-only file of put and remove records, each
 * with a CRC. Opening reads the file (stopping at the first torn or corrupt record, which a crash can leave), then
 * rewrites it compacted. Changes are written by one thread of its own that forces the file once per batch (group
 * commit); the returned future completes when the change is on disk. Used for MQTT retained messages and
 * persistent sessions, whose number is bounded by the retained topics and sessions that exist, not by traffic;
 * the changes are (QoS 2 records, a session saved at each subscribe), so the writer also compacts the file while
 * running, once it has grown to twice its compacted size (and at least {@link #COMPACT_AFTER_BYTES}): it reads the
 * file back, writes what is live to a new file, forces it, and moves it over the old one (atomically, so a crash
 * leaves one or the other).
 * <p>
 * Record: {@code int keyLength, key (UTF-8), int valueLength (-1 = removed), value, int crc32} of what precedes.
 */
public final class KeyValueJournal implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeyValueJournal.class);
    private static final int MAX_RECORD = 64 * 1024 * 1024;
    /** Smallest size at which the file is compacted while running. */
    static final long COMPACT_AFTER_BYTES = 16L * 1024 * 1024;

    private record Change(String key, byte[] value, CompletableFuture<Void> done) {
    }

    private static final Change STOP = new Change(null, null, null);

    private final Path file;
    private final Map<String, byte[]> loaded;
    /** Replaced by each compaction; used by the writer thread only (and by close once it has stopped). */
    private FileChannel channel;
    private final long compactAfterBytes;
    /** The file's size after the last compaction, and now. */
    private long compactedSize;
    private long fileSize;
    private final LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final Thread writer;

    private KeyValueJournal(Path file, Map<String, byte[]> loaded, FileChannel channel, long compactAfterBytes)
            throws IOException {
        this.file = file;
        this.loaded = loaded;
        this.channel = channel;
        this.compactAfterBytes = compactAfterBytes;
        this.compactedSize = channel.size();
        this.fileSize = compactedSize;
        this.writer = new Thread(this::writeLoop, "junction-mqtt-journal-" + file.getFileName());
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Opens (or creates) the journal, loading and compacting what it holds. */
    public static KeyValueJournal open(Path file) {
        return open(file, COMPACT_AFTER_BYTES);
    }

    /** With a smaller size at which compaction starts (tests). */
    static KeyValueJournal open(Path file, long compactAfterBytes) {
        try {
            Map<String, byte[]> entries = read(file);
            FileChannel channel = rewrite(file, entries);
            return new KeyValueJournal(file, Collections.unmodifiableMap(entries), channel, compactAfterBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open journal " + file, e);
        }
    }

    /** Replaces the file with one holding just {@code entries}; returns it open for appending. */
    private static FileChannel rewrite(Path file, Map<String, byte[]> entries) throws IOException {
        Path compacted = file.resolveSibling(file.getFileName() + ".compact");
        try (FileChannel out = FileChannel.open(compacted, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                writeFully(out, encode(entry.getKey(), entry.getValue()));
            }
            out.force(true);
        }
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** On the writer thread, after a batch is on disk: compacts the file once it has doubled. */
    private void compactIfGrown() throws IOException {
        if (fileSize < Math.max(compactAfterBytes, 2 * compactedSize)) {
            return;
        }
        long before = fileSize;
        FileChannel replaced = channel;
        channel = rewrite(file, read(file));
        replaced.close();
        compactedSize = channel.size();
        fileSize = compactedSize;
        log.debug("journal {}: compacted from {} to {} bytes", file, before, compactedSize);
    }

    private static Map<String, byte[]> read(Path file) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file));
        while (data.remaining() >= 12) {
            int start = data.position();
            int keyLength = data.getInt();
            if (keyLength < 0 || keyLength > MAX_RECORD || data.remaining() < keyLength + 4) {
                break;
            }
            byte[] key = new byte[keyLength];
            data.get(key);
            int valueLength = data.getInt();
            if (valueLength < -1 || valueLength > MAX_RECORD || data.remaining() < Math.max(0, valueLength) + 4) {
                break;
            }
            byte[] value = valueLength < 0 ? null : new byte[valueLength];
            if (value != null) {
                data.get(value);
            }
            int crc = data.getInt();
            CRC32 check = new CRC32();
            check.update(data.array(), start, data.position() - 4 - start);
            if ((int) check.getValue() != crc) {
                break;
            }
            String name = new String(key, StandardCharsets.UTF_8);
            if (value == null) {
                entries.remove(name);
            } else {
                entries.put(name, value);
            }
        }
        if (data.hasRemaining()) {
            log.warn("journal {}: {} bytes at its end are torn or corrupt and were dropped", file, data.remaining());
        }
        return entries;
    }

    private static ByteBuffer encode(String key, byte[] value) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        int valueLength = value == null ? 0 : value.length;
        ByteBuffer buffer = ByteBuffer.allocate(4 + keyBytes.length + 4 + valueLength + 4);
        buffer.putInt(keyBytes.length).put(keyBytes).putInt(value == null ? -1 : value.length);
        if (value != null) {
            buffer.put(value);
        }
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), 0, buffer.position());
        buffer.putInt((int) crc.getValue());
        return buffer.flip();
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** What the journal held when it was opened. */
    public Map<String, byte[]> loaded() {
        return loaded;
    }

    /** Stores {@code value} under {@code key}; completes once on disk. */
    public CompletableFuture<Void> put(String key, byte[] value) {
        return enqueue(new Change(key, value.clone(), new CompletableFuture<>()));
    }

    /** Removes {@code key}; completes once on disk. */
    public CompletableFuture<Void> remove(String key) {
        return enqueue(new Change(key, null, new CompletableFuture<>()));
    }

    private CompletableFuture<Void> enqueue(Change change) {
        if (!writer.isAlive()) {
            return CompletableFuture.failedFuture(new IllegalStateException("journal " + file + " is closed"));
        }
        changes.add(change);
        return change.done();
    }

    private void writeLoop() {
        List<Change> batch = new ArrayList<>();
        boolean running = true;
        while (running) {
            try {
                batch.add(changes.take());
                changes.drainTo(batch, 1024);
                List<Change> written = new ArrayList<>(batch.size());
                for (Change change : batch) {
                    if (change == STOP) {
                        running = false;
                    } else {
                        ByteBuffer record = encode(change.key(), change.value());
                        fileSize += record.remaining();
                        writeFully(channel, record);
                        written.add(change);
                    }
                }
                if (!written.isEmpty()) {
                    channel.force(false);
                }
                written.forEach(c -> c.done().complete(null));
                batch.clear(); // done: a failed compaction below fails none of them
                compactIfGrown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (IOException | RuntimeException e) {
                log.error("journal {}: write failed", file, e);
                batch.stream().filter(c -> c != STOP).forEach(c -> c.done().completeExceptionally(e));
            }
            batch.clear();
        }
    }

    /** Writes what is queued, then closes the file. */
    @Override
    public void close() {
        if (writer.isAlive()) {
            changes.add(STOP);
            try {
                writer.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            channel.close();
        } catch (IOException e) {
            log.warn("journal {}: close failed", file, e);
        }
    }
}
