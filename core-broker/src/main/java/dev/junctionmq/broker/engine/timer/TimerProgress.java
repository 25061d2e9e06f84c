package dev.junctionmq.broker.engine.timer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which timer-queue offsets have been delivered: a low watermark (every offset below it is done) plus the done
 * offsets above it, kept as disjoint half-open ranges {@code [start, end)}.
 *
 * <p>Ranges rather than single offsets: a gap between two done ranges consists of offsets that are still pending
 * (or being re-put), so the number of ranges is at most the number of pending timers plus one, however many
 * messages were delivered behind a long-delay timer that pins the watermark.
 *
 * <p>Invariant: every range starts strictly above the watermark, and ranges neither overlap nor touch.
 *
 * <p>Not thread-safe: {@link DelayedDeliveryService} touches it from its timer thread only (and from
 * {@code start}/{@code close}, when that thread is not running).
 *
 * <p>On disk (JSON, replaced atomically): {@code {"version":1,"watermark":W,"done":[[start,end],...]}}.
 */
final class TimerProgress {

    private static final Logger log = LoggerFactory.getLogger(TimerProgress.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int VERSION = 1;

    private long watermark;
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private boolean dirty;

    long watermark() {
        return watermark;
    }

    /** Number of done ranges above the watermark. */
    int rangeCount() {
        return ranges.size();
    }

    /** Done ranges above the watermark, {@code start -> end} (a copy). */
    Map<Long, Long> ranges() {
        return new TreeMap<>(ranges);
    }

    boolean dirty() {
        return dirty;
    }

    boolean isDone(long offset) {
        if (offset < watermark) {
            return true;
        }
        Map.Entry<Long, Long> floor = ranges.floorEntry(offset);
        return floor != null && floor.getValue() > offset;
    }

    /** The first offset at or after {@code offset} that is not done. */
    long nextNotDone(long offset) {
        long o = Math.max(offset, watermark);
        Map.Entry<Long, Long> floor = ranges.floorEntry(o);
        return floor != null && floor.getValue() > o ? floor.getValue() : o;
    }

    /** The start of the first done range above {@code offset}, or {@code Long.MAX_VALUE}. */
    long nextDoneStart(long offset) {
        Long key = ranges.higherKey(offset);
        return key == null ? Long.MAX_VALUE : key;
    }

    void markDone(long offset) {
        markDone(offset, offset + 1);
    }

    /** Marks {@code [from, to)} done, merging ranges and moving the watermark when they reach it. */
    void markDone(long from, long to) {
        from = Math.max(from, watermark);
        if (from >= to) {
            return;
        }
        Map.Entry<Long, Long> floor = ranges.floorEntry(from);
        if (floor != null && floor.getValue() >= from) {
            if (floor.getValue() >= to) {
                return; // already done
            }
            from = floor.getKey();
            ranges.remove(floor.getKey());
        }
        while (true) {
            Map.Entry<Long, Long> next = ranges.ceilingEntry(from);
            if (next == null || next.getKey() > to) {
                break;
            }
            to = Math.max(to, next.getValue());
            ranges.remove(next.getKey());
        }
        if (from <= watermark) {
            watermark = to;
        } else {
            ranges.put(from, to);
        }
        dirty = true;
    }

    /**
     * Fits the progress to the timer queue as it is now: {@code [minOffset, maxOffset)}. Offsets below the queue's
     * minimum were deleted by retention and count as done. Progress beyond the queue's end means the state file is
     * ahead of the store (the store lost its tail, or was replaced): that progress is dropped, otherwise new timers
     * would get offsets that already count as done and would never be delivered.
     */
    void fitTo(long minOffset, long maxOffset) {
        if (watermark > maxOffset || (!ranges.isEmpty() && ranges.lastEntry().getValue() > maxOffset)) {
            log.warn("timer progress (watermark {}, done up to {}) is ahead of the timer queue's end {}; the store "
                            + "lost timer records or the state file belongs to another store; dropping the progress "
                            + "beyond the end", watermark, ranges.isEmpty() ? watermark : ranges.lastEntry().getValue(),
                    maxOffset);
            watermark = Math.min(watermark, maxOffset);
            ranges.tailMap(maxOffset, true).clear();
            Map.Entry<Long, Long> last = ranges.lastEntry();
            if (last != null && last.getValue() > maxOffset) {
                ranges.put(last.getKey(), maxOffset);
            }
            dirty = true;
        }
        if (minOffset > watermark) {
            markDone(watermark, minOffset);
        }
    }

    /** Reads the state file; a missing file is an empty progress (watermark 0). */
    static TimerProgress load(Path file) {
        TimerProgress progress = new TimerProgress();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            log.info("timer state {} does not exist; every timer in the timer queue counts as pending", file);
            return progress;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read timer state " + file, e);
        }
        try {
            JsonNode root = JSON.readTree(bytes);
            int version = root.path("version").asInt(-1);
            if (version != VERSION) {
                throw new IOException("unsupported version " + root.path("version"));
            }
            JsonNode watermark = root.get("watermark");
            if (watermark == null || !watermark.canConvertToLong() || watermark.asLong() < 0) {
                throw new IOException("missing or invalid watermark");
            }
            progress.watermark = watermark.asLong();
            JsonNode done = root.path("done");
            for (JsonNode range : done) {
                if (!range.isArray() || range.size() != 2 || !range.get(0).canConvertToLong()
                        || !range.get(1).canConvertToLong()) {
                    throw new IOException("invalid done range " + range);
                }
                progress.markDone(range.get(0).asLong(), range.get(1).asLong());
            }
        } catch (IOException e) {
            // Never torn (it is replaced atomically), so this is damage or a foreign file. Starting over is
            // at-least-once: every timer still in the queue is delivered (again), none is lost.
            log.error("timer state {} is unreadable ({}); every timer in the timer queue counts as pending and "
                    + "timers delivered before may be delivered again", file, e.getMessage());
            return new TimerProgress();
        }
        progress.dirty = false;
        return progress;
    }

    /** Writes the state to a temporary file, forces it, and renames it over {@code file}. */
    void save(Path file) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", VERSION);
        root.put("watermark", watermark);
        ArrayNode done = root.putArray("done");
        for (Map.Entry<Long, Long> range : ranges.entrySet()) {
            done.addArray().add(range.getKey()).add(range.getValue());
        }
        Path absolute = file.toAbsolutePath();
        Path temp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        try {
            Files.createDirectories(absolute.getParent());
            byte[] bytes = JSON.writeValueAsBytes(root);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(absolute.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write timer state " + file, e);
        }
        dirty = false;
    }

    /** Makes the rename durable where the platform allows opening a directory (Linux, macOS). */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported here (e.g. Windows); the rename is still atomic
        }
    }
}
