package dev.junctionmq.broker.engine.group;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.junctionmq.broker.engine.state.JsonStateFile;

import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Committed consumer offsets — the next offset each group will consume in each queue — kept in memory and saved
 * to {@code config/consumerOffset.json} in RocketMQ's shape ({@code {"offsetTable":{"topic@group":{"0":12}}}}) by
 * {@link #flush()}, which the engine calls every few seconds and at shutdown.
 */
public final class ConsumerOffsetTable {

    public record OffsetsFile(@JsonProperty("offsetTable") Map<String, Map<Integer, Long>> offsetTable) {
    }

    private final JsonStateFile<OffsetsFile> file;
    private final ConcurrentMap<String, ConcurrentMap<Integer, Long>> offsets = new ConcurrentHashMap<>();
    private volatile boolean dirty;

    public ConsumerOffsetTable(Path file) {
        this.file = new JsonStateFile<>(file, OffsetsFile.class);
        OffsetsFile stored = this.file.read();
        if (stored != null && stored.offsetTable() != null) {
            stored.offsetTable().forEach((key, queues) -> offsets.put(key, new ConcurrentHashMap<>(queues)));
        }
    }

    private static String key(String topic, String group) {
        return topic + "@" + group;
    }

    public OptionalLong get(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(key(topic, group));
        Long offset = queues == null ? null : queues.get(queueId);
        return offset == null ? OptionalLong.empty() : OptionalLong.of(offset);
    }

    public void commit(String group, String topic, int queueId, long offset) {
        Long previous = offsets.computeIfAbsent(key(topic, group), k -> new ConcurrentHashMap<>()).put(queueId, offset);
        if (previous == null || previous != offset) {
            dirty = true;
        }
    }

    /** Forgets one queue's offset of a group. */
    public void remove(String group, String topic, int queueId) {
        Map<Integer, Long> queues = offsets.get(key(topic, group));
        if (queues != null && queues.remove(queueId) != null) {
            dirty = true;
            if (queues.isEmpty()) {
                offsets.remove(key(topic, group), queues);
            }
        }
    }

    /** Forgets every offset of a group; returns whether it had any. */
    public boolean removeGroup(String group) {
        if (offsets.keySet().removeIf(k -> k.endsWith("@" + group))) {
            dirty = true;
            return true;
        }
        return false;
    }

    /** The topics a group has offsets on. */
    public java.util.List<String> topicsOf(String group) {
        String suffix = "@" + group;
        return offsets.keySet().stream().filter(k -> k.endsWith(suffix))
                .map(k -> k.substring(0, k.length() - suffix.length())).sorted().toList();
    }

    public void removeTopic(String topic) {
        if (offsets.keySet().removeIf(k -> k.startsWith(topic + "@"))) {
            dirty = true;
        }
    }

    /** Saves the table if anything changed since the last save. */
    public synchronized void flush() {
        if (!dirty) {
            return;
        }
        dirty = false;
        Map<String, Map<Integer, Long>> snapshot = new TreeMap<>();
        offsets.forEach((key, queues) -> snapshot.put(key, new TreeMap<>(queues)));
        file.write(new OffsetsFile(snapshot));
    }
}
