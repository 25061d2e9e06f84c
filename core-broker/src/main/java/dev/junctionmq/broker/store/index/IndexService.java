package dev.junctionmq.broker.store.index;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The hash index under {@code index/}: files named by creation time, each filled before the next is made. Keys are
 * {@code topic#UNIQ_KEY} and {@code topic#<each KEYS token>}, as RocketMQ builds them.
 */
public final class IndexService {

    private static final Logger log = LoggerFactory.getLogger(IndexService.class);
    private static final DateTimeFormatter FILE_NAME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmssSSS").withZone(ZoneId.systemDefault());

    private final Path directory;
    private final int hashSlots;
    private final int maxEntries;
    private final CopyOnWriteArrayList<IndexFile> files = new CopyOnWriteArrayList<>();

    public IndexService(Path directory, int hashSlots, int maxEntries) {
        this.directory = directory;
        this.hashSlots = hashSlots;
        this.maxEntries = maxEntries;
    }

    public static String key(String topic, String key) {
        return topic + "#" + key;
    }

    /**
     * Maps the existing index files, dropping any that reach at or past {@code commitLogEnd} (they index records a
     * crash took back, and new records will reuse those offsets).
     *
     * @return the commit-log offset from which records must be indexed again
     */
    public long load(long commitLogEnd) {
        List<Path> paths = new ArrayList<>();
        if (Files.isDirectory(directory)) {
            try (Stream<Path> list = Files.list(directory)) {
                list.filter(p -> p.getFileName().toString().matches("\\d{17}")).sorted().forEach(paths::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + directory, e);
            }
        }
        for (Path path : paths) {
            long size = sizeOf(path);
            if (size != IndexFile.fileSize(hashSlots, maxEntries)) {
                log.warn("index file {} has {} bytes, not the {} the configured index size needs; rebuilding it",
                        path, size, IndexFile.fileSize(hashSlots, maxEntries));
                deleteQuietly(path);
                continue;
            }
            files.add(IndexFile.map(path, hashSlots, maxEntries));
        }
        long rebuildFrom = Long.MAX_VALUE;
        while (!files.isEmpty()) {
            IndexFile last = files.get(files.size() - 1);
            if (last.isEmpty() || last.endPhyOffset() < commitLogEnd) {
                break;
            }
            rebuildFrom = Math.min(rebuildFrom, last.beginPhyOffset());
            log.warn("index file {} covers records past the recovered end of the commit log; rebuilding it",
                    last.path());
            files.remove(files.size() - 1).destroy();
        }
        if (!paths.isEmpty() && files.isEmpty()) {
            rebuildFrom = 0;
        }
        return rebuildFrom;
    }

    /** Indexes one record's keys. Dispatcher thread only; records already indexed are skipped. */
    public void index(String topic, long phyOffset, long storeTimestamp, String uniqueKey, String keys) {
        if (uniqueKey == null && keys == null) {
            return;
        }
        IndexFile last = files.isEmpty() ? null : files.get(files.size() - 1);
        if (last != null && !last.isEmpty() && phyOffset < last.endPhyOffset()) {
            return;
        }
        if (uniqueKey != null) {
            put(key(topic, uniqueKey), phyOffset, storeTimestamp);
        }
        if (keys != null) {
            for (String token : keys.split(" ")) {
                if (!token.isEmpty()) {
                    put(key(topic, token), phyOffset, storeTimestamp);
                }
            }
        }
    }

    private void put(String key, long phyOffset, long storeTimestamp) {
        IndexFile file = files.isEmpty() ? null : files.get(files.size() - 1);
        if (file == null || !file.put(key, phyOffset, storeTimestamp)) {
            file = newFile();
            file.put(key, phyOffset, storeTimestamp);
        }
    }

    private IndexFile newFile() {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
        long now = System.currentTimeMillis();
        Path path = directory.resolve(FILE_NAME.format(Instant.ofEpochMilli(now)));
        while (Files.exists(path)) {
            now++;
            path = directory.resolve(FILE_NAME.format(Instant.ofEpochMilli(now)));
        }
        if (!files.isEmpty()) {
            files.get(files.size() - 1).flush();
        }
        IndexFile file = IndexFile.map(path, hashSlots, maxEntries);
        files.add(file);
        return file;
    }

    /** Commit-log offsets of records that may carry {@code key} in {@code topic}, newest first, without repeats. */
    public List<Long> query(String topic, String key, int max, long beginTimestamp, long endTimestamp) {
        List<Long> offsets = new ArrayList<>();
        String indexKey = key(topic, key);
        List<IndexFile> snapshot = files;
        for (int i = snapshot.size() - 1; i >= 0 && offsets.size() < max; i--) {
            IndexFile file = snapshot.get(i);
            if (file.isEmpty() || file.endTimestamp() < beginTimestamp - 1000) {
                continue;
            }
            file.query(indexKey, beginTimestamp, endTimestamp, max, offsets);
        }
        return offsets.stream().distinct().toList();
    }

    public void flush() {
        if (!files.isEmpty()) {
            files.get(files.size() - 1).flush();
        }
    }

    /** Deletes full files whose every entry points below {@code commitLogMinOffset}. */
    public void deleteBefore(long commitLogMinOffset) {
        while (files.size() > 1 && files.get(0).endPhyOffset() < commitLogMinOffset) {
            files.remove(0).destroy();
        }
    }

    public void close() {
        files.forEach(IndexFile::close);
        files.clear();
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("cannot delete {}", path, e);
        }
    }
}
