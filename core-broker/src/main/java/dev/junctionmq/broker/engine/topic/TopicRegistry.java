package dev.junctionmq.broker.engine.topic;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.junctionmq.broker.engine.state.JsonStateFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The broker's topics, persisted in {@code config/topics.json} after every change. The file is written on a
 * thread of its own (changes that pile up meanwhile are written once), so that creating a topic on first use
 * never puts a file write and fsync on a caller's thread — a front end's event loop, say.
 */
public final class TopicRegistry implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TopicRegistry.class);

    /** The file's shape: RocketMQ's {@code {"topicConfigTable": {...}}}. */
    public record TopicsFile(@JsonProperty("topicConfigTable") Map<String, TopicConfig> topicConfigTable) {
    }

    private final JsonStateFile<TopicsFile> file;
    private final boolean autoCreate;
    private final int defaultQueues;
    private final ConcurrentMap<String, TopicConfig> topics = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<TopicConfig>> deleteListeners = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.ExecutorService writer = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "junction-topics-writer");
                t.setDaemon(true);
                return t;
            });
    private final java.util.concurrent.atomic.AtomicBoolean writePending =
            new java.util.concurrent.atomic.AtomicBoolean();

    public TopicRegistry(Path file, boolean autoCreate, int defaultQueues) {
        this.file = new JsonStateFile<>(file, TopicsFile.class);
        this.autoCreate = autoCreate;
        this.defaultQueues = defaultQueues;
        TopicsFile stored = this.file.read();
        if (stored != null && stored.topicConfigTable() != null) {
            topics.putAll(stored.topicConfigTable());
        }
    }

    public Optional<TopicConfig> find(String topic) {
        return Optional.ofNullable(topics.get(topic));
    }

    public Collection<TopicConfig> all() {
        return topics.values();
    }

    /** The topic, created with the default queue count when automatic creation is on. */
    public TopicConfig require(String topic) {
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        if (!autoCreate) {
            throw new TopicNotFoundException(topic);
        }
        return create(topic, defaultQueues);
    }

    /** Creates a topic, or returns the existing one unchanged. */
    public synchronized TopicConfig create(String topic, int queues) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic name must not be empty");
        }
        if (queues < 1 || queues > 1024) {
            throw new IllegalArgumentException("a topic has 1 to 1024 queues, not " + queues);
        }
        TopicConfig existing = topics.get(topic);
        if (existing != null) {
            return existing;
        }
        TopicConfig created = TopicConfig.of(topic, queues);
        topics.put(topic, created);
        persist();
        log.info("topic '{}' created with {} queues", topic, queues);
        return created;
    }

    /** Removes a topic; listeners drop its queues' offsets. Returns false if it did not exist. */
    public synchronized boolean delete(String topic) {
        TopicConfig removed = topics.remove(topic);
        if (removed == null) {
            return false;
        }
        persist();
        deleteListeners.forEach(l -> l.accept(removed));
        log.info("topic '{}' deleted", topic);
        return true;
    }

    public void onDelete(Consumer<TopicConfig> listener) {
        deleteListeners.add(listener);
    }

    private void persist() {
        if (writePending.compareAndSet(false, true)) {
            writer.execute(this::writeNow);
        }
    }

    private void writeNow() {
        writePending.set(false);
        try {
            file.write(new TopicsFile(new TreeMap<>(topics)));
        } catch (RuntimeException e) {
            log.error("saving topics to {} failed; the next change retries", file.path(), e);
        }
    }

    /** Writes any pending change and stops the writer thread. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writeNow();
    }
}
