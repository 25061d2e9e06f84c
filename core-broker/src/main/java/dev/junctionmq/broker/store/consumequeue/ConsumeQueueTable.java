package dev.junctionmq.broker.store.consumequeue;

import dev.junctionmq.broker.store.commitlog.QueueKey;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Every consume queue of the store, under {@code consumequeue/<topic>/<queueId>/}. */
public final class ConsumeQueueTable {

    private final Path root;
    private final int entriesPerSegment;
    private final ConcurrentMap<String, ConcurrentMap<Integer, ConsumeQueue>> queues = new ConcurrentHashMap<>();

    public ConsumeQueueTable(Path root, int entriesPerSegment) {
        this.root = root;
        this.entriesPerSegment = entriesPerSegment;
    }

    /** Maps every consume queue found on disk. */
    public void load() {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> topics = Files.list(root)) {
            for (Path topicDir : (Iterable<Path>) topics::iterator) {
                if (!Files.isDirectory(topicDir)) {
                    continue;
                }
                String topic = TopicDirectoryName.decode(topicDir.getFileName().toString());
                try (Stream<Path> queueDirs = Files.list(topicDir)) {
                    for (Path queueDir : (Iterable<Path>) queueDirs::iterator) {
                        String name = queueDir.getFileName().toString();
                        if (Files.isDirectory(queueDir) && name.matches("\\d+")) {
                            ConsumeQueue queue = create(topic, Integer.parseInt(name));
                            queue.load();
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list consume queues under " + root, e);
        }
    }

    /** The queue, or null if nothing was ever dispatched to it. */
    public ConsumeQueue find(String topic, int queueId) {
        Map<Integer, ConsumeQueue> byId = queues.get(topic);
        return byId == null ? null : byId.get(queueId);
    }

    /** The queue, created empty if needed. Only the dispatcher creates queues. */
    public ConsumeQueue findOrCreate(String topic, int queueId) {
        ConsumeQueue queue = find(topic, queueId);
        return queue != null ? queue : create(topic, queueId);
    }

    private ConsumeQueue create(String topic, int queueId) {
        return queues.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(queueId, id -> new ConsumeQueue(topic, id,
                        root.resolve(TopicDirectoryName.encode(topic)).resolve(Integer.toString(id)),
                        entriesPerSegment));
    }

    /** Removes every queue of {@code topic} and deletes its files. */
    public void deleteTopic(String topic) {
        Map<Integer, ConsumeQueue> removed = queues.remove(topic);
        if (removed == null) {
            return;
        }
        removed.values().forEach(ConsumeQueue::destroy);
        Path topicDirectory = root.resolve(TopicDirectoryName.encode(topic));
        try (Stream<Path> paths = Files.walk(topicDirectory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing was ever dispatched to the topic (no directory), or its files are already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + topicDirectory, e);
        }
    }

    public void forEach(Consumer<ConsumeQueue> action) {
        queues.values().forEach(byId -> byId.values().forEach(action));
    }

    /** Next logical offset of every queue, which seeds the commit-log writer after recovery. */
    public Map<QueueKey, Long> maxOffsets() {
        Map<QueueKey, Long> offsets = new HashMap<>();
        forEach(q -> offsets.put(new QueueKey(q.topic(), q.queueId()), q.maxOffset()));
        return offsets;
    }

    public void truncateBeyond(long commitLogEnd) {
        forEach(q -> q.truncateBeyond(commitLogEnd));
    }

    public void flush() {
        forEach(ConsumeQueue::flush);
    }

    public void deleteBefore(long commitLogMinOffset) {
        forEach(q -> q.deleteBefore(commitLogMinOffset));
    }

    public void close() {
        forEach(ConsumeQueue::close);
        queues.clear();
    }
}
