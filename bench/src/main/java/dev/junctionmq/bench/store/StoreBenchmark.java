package dev.junctionmq.bench.store;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.ProcessCpu;
import dev.junctionmq.bench.Threads;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs one {@link StoreCell}: opens a store in an empty directory, lets its producers warm up and then measures,
 * and closes the store (which forces the log). Producer {@code i} appends to queue {@code i} of {@link #TOPIC}.
 * Each producer has a thread of its own ({@link ProducerLoop}), or, with shared producer threads, producers are
 * sessions spread over that many threads ({@link ProducerSession}). The store's files stay behind for the caller
 * to inspect or delete.
 */
public final class StoreBenchmark {

    public static final String TOPIC = "bench";
    /** How long after the window producer sessions may take to end (their last sends wait for a force). */
    private static final long SESSION_END_GRACE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Duration warmUp;
    private final Duration measure;
    private final int segmentSize;
    private final boolean preallocate;
    private final long asyncFlushBytes;
    /** 0: a thread per producer; else the number of threads the producer sessions share. */
    private final int sharedProducerThreads;

    /** With a thread per producer. */
    public StoreBenchmark(Duration warmUp, Duration measure, int segmentSize, boolean preallocate,
                          long asyncFlushBytes) {
        this(warmUp, measure, segmentSize, preallocate, asyncFlushBytes, 0);
    }

    /** @param sharedProducerThreads 0 for a thread per producer; else producers are sessions on that many threads */
    public StoreBenchmark(Duration warmUp, Duration measure, int segmentSize, boolean preallocate,
                          long asyncFlushBytes, int sharedProducerThreads) {
        if (measure.isZero() || measure.isNegative() || warmUp.isNegative()) {
            throw new IllegalArgumentException("need a positive measurement and a non-negative warm-up");
        }
        if (sharedProducerThreads < 0) {
            throw new IllegalArgumentException("shared producer threads must not be negative: "
                    + sharedProducerThreads);
        }
        this.sharedProducerThreads = sharedProducerThreads;
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
        List<Producer> producers = new ArrayList<>();
        long closeStart;
        long closeEnd;
        Timeline timeline;
        GroupCommitStats groupCommit;
        try {
            timeline = Timeline.startingNow(warmUp, measure);
            if (sharedProducerThreads == 0) {
                runOnOwnThreads(cell, store, body, timeline, producers);
            } else {
                runAsSessions(cell, store, body, timeline, producers);
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

    private static void runOnOwnThreads(StoreCell cell, MessageStore store, byte[] body, Timeline timeline,
                                        List<Producer> producers) throws InterruptedException {
        List<ProducerLoop> loops = new ArrayList<>();
        for (int i = 0; i < cell.producers(); i++) {
            loops.add(new ProducerLoop(store, TOPIC, i, body, timeline));
        }
        producers.addAll(loops);
        Threads.runEach(loops, "bench-producer-");
    }

    private void runAsSessions(StoreCell cell, MessageStore store, byte[] body, Timeline timeline,
                               List<Producer> producers) throws InterruptedException {
        List<ExecutorService> threads = new ArrayList<>();
        for (int i = 0; i < sharedProducerThreads; i++) {
            String name = "bench-producer-thread-" + i;
            threads.add(Executors.newSingleThreadExecutor(task -> new Thread(task, name)));
        }
        try {
            CountDownLatch ended = new CountDownLatch(cell.producers());
            for (int i = 0; i < cell.producers(); i++) {
                ProducerSession session = new ProducerSession(store, TOPIC, i, body, timeline,
                        threads.get(i % threads.size()), ended);
                producers.add(session);
                session.start();
            }
            // Sessions stop sending at the end of the window; a send still in flight then has a force to wait for.
            if (!ended.await(timeline.measureEnd() - System.nanoTime() + SESSION_END_GRACE_NANOS,
                    TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(ended.getCount() + " producer sessions of cell " + cell
                        + " did not end within " + SESSION_END_GRACE_NANOS / 1_000_000_000 + " s of the window");
            }
        } finally {
            threads.forEach(ExecutorService::shutdown);
            for (ExecutorService thread : threads) {
                thread.awaitTermination(10, TimeUnit.SECONDS);
            }
        }
    }

    private static CellResult summarize(StoreCell cell, List<Producer> producers, Timeline timeline,
                                        long closeStart, long closeEnd, long cpuNanos,
                                        GroupCommitStats groupCommit) {
        LatencyHistogram latencies = new LatencyHistogram();
        long warmUp = 0;
        long measured = 0;
        long tail = 0;
        int recordSize = 0;
        List<Long> perQueue = new ArrayList<>();
        for (Producer producer : producers) {
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
