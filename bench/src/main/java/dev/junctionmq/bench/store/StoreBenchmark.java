package dev.junctionmq.bench.store;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.ProcessCpu;
import dev.junctionmq.broker.store.GroupCommitStats;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.StoreConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Runs one {@link StoreCell}: opens a store in an empty directory, lets its producers warm up and then measures,
 * and closes the store (which forces the log). Producer {@code i} appends to queue {@code i} of {@link #TOPIC}.
 * The store's files stay behind for the caller to inspect or delete.
 */
public final class StoreBenchmark {

    public static final String TOPIC = "bench";

    private final Duration warmUp;
    private final Duration measure;
    private final int segmentSize;
    private final boolean preallocate;
    private final long asyncFlushBytes;

    public StoreBenchmark(Duration warmUp, Duration measure, int segmentSize, boolean preallocate,
                          long asyncFlushBytes) {
        if (measure.isZero() || measure.isNegative() || warmUp.isNegative()) {
            throw new IllegalArgumentException("need a positive measurement and a non-negative warm-up");
        }
        this.warmUp = warmUp;
        this.measure = measure;
        this.segmentSize = segmentSize;
        this.preallocate = preallocate;
        this.asyncFlushBytes = asyncFlushBytes;
    }

    /** The store settings a cell runs with; also how to reopen its directory afterwards. */
    public StoreConfig storeConfig(StoreCell cell, Path directory) {
        return StoreConfig.builder(directory)
                .flushMode(cell.mode())
                .commitLogSegmentSize(segmentSize)
                .preallocate(preallocate)
                .asyncFlushBytes(asyncFlushBytes)
                .build();
    }

    public CellResult run(StoreCell cell, Path directory) throws InterruptedException {
        requireEmpty(directory);
        byte[] body = new byte[cell.bodySize()];
        new Random(cell.bodySize()).nextBytes(body);
        MessageStore store = MessageStore.open(storeConfig(cell, directory));
        long cpuStart = ProcessCpu.nanos();
        List<ProducerLoop> producers = new ArrayList<>();
        long closeStart;
        long closeEnd;
        Timeline timeline;
        GroupCommitStats groupCommit;
        try {
            timeline = Timeline.startingNow(warmUp, measure);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < cell.producers(); i++) {
                ProducerLoop producer = new ProducerLoop(store, TOPIC, i, body, timeline);
                producers.add(producer);
                Thread thread = new Thread(producer, "bench-producer-" + i);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            groupCommit = store.groupCommitStats();
        } finally {
            closeStart = System.nanoTime();
            store.close();
            closeEnd = System.nanoTime();
        }
        long cpuEnd = ProcessCpu.nanos();
        long cpuNanos = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
        return summarize(cell, producers, timeline, closeStart, closeEnd, cpuNanos, groupCommit);
    }

    private static CellResult summarize(StoreCell cell, List<ProducerLoop> producers, Timeline timeline,
                                        long closeStart, long closeEnd, long cpuNanos,
                                        GroupCommitStats groupCommit) {
        LatencyHistogram latencies = new LatencyHistogram();
        long warmUp = 0;
        long measured = 0;
        long tail = 0;
        int recordSize = 0;
        List<Long> perQueue = new ArrayList<>();
        for (ProducerLoop producer : producers) {
            if (producer.failure() != null) {
                throw new IllegalStateException("producer " + producer.queueId() + " failed in cell " + cell,
                        producer.failure());
            }
            warmUp += producer.counts().warmUp();
            measured += producer.counts().measured();
            tail += producer.counts().tail();
            recordSize = Math.max(recordSize, producer.recordSize());
            perQueue.add(producer.counts().total());
            latencies.add(producer.counts().latencies());
        }
        return new CellResult(cell, warmUp, measured, tail, perQueue, recordSize, timeline.measureNanos(),
                closeEnd - timeline.measureStart(), closeEnd - closeStart,
                latencies.percentileNanos(50), latencies.percentileNanos(99), cpuNanos, groupCommit);
    }

    private static void requireEmpty(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("store benchmark needs a fresh directory; " + directory
                        + " is not empty");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
