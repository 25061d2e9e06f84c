package dev.junctionmq.bench.engine;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.Threads;
import dev.junctionmq.bench.store.Timeline;
import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.engine.EngineConfig;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Runs one {@link EngineCell} in process: a store and an engine in {@code directory} ({@code store/} and
 * {@code config/}), a topic with the cell's queues, one clustering consumer group with the cell's members, and
 * the producers sending for the warm-up and the measurement window. Afterwards it waits until every produced
 * message has been received (or the drain timeout passed), then closes the engine and the store. The files stay
 * behind for the caller to inspect or delete.
 */
public final class EngineBenchmark {

    public static final String TOPIC = "bench-engine";
    public static final String GROUP = "bench-group";

    private static final Logger log = LoggerFactory.getLogger(EngineBenchmark.class);

    private final Duration warmUp;
    private final Duration measure;
    private final Duration drainTimeout;
    private final int credit;

    public EngineBenchmark(Duration warmUp, Duration measure, Duration drainTimeout, int credit) {
        if (measure.isZero() || measure.isNegative() || warmUp.isNegative() || drainTimeout.isNegative()) {
            throw new IllegalArgumentException("need a positive measurement and non-negative warm-up and drain");
        }
        if (credit < 1) {
            throw new IllegalArgumentException("credit must be at least 1: " + credit);
        }
        this.warmUp = warmUp;
        this.measure = measure;
        this.drainTimeout = drainTimeout;
        this.credit = credit;
    }

    /** The store settings a cell runs with; also how to reopen its store afterwards. */
    public static StoreConfig storeConfig(EngineCell cell, Path directory) {
        return StoreConfig.builder(directory.resolve("store")).flushMode(cell.mode()).build();
    }

    public static EngineConfig engineConfig(Path directory) {
        return EngineConfig.defaults(directory.resolve("config"));
    }

    public EngineResult run(EngineCell cell, Path directory) throws InterruptedException {
        byte[] filler = new byte[cell.bodySize()];
        new Random(cell.bodySize()).nextBytes(filler);
        DeliveryLedger ledger = new DeliveryLedger(cell.producers());
        List<ConsumerSide> consumers = new ArrayList<>();
        List<EngineProducer> producers = new ArrayList<>();
        Timeline timeline;
        long drainStart;
        long drainEnd;
        boolean drained;
        MessageStore store = MessageStore.open(storeConfig(cell, directory));
        try {
            Engine engine = new Engine(engineConfig(directory), store);
            try {
                engine.topics().create(TOPIC, cell.queues());
                // All members join before any credit, so the queues are balanced once and never move mid-run.
                List<Subscriber> subscribers = new ArrayList<>();
                for (int i = 0; i < cell.consumers(); i++) {
                    ConsumerSide consumer = new ConsumerSide(ledger);
                    consumers.add(consumer);
                    subscribers.add(engine.subscribe(SubscriptionSpec.clustering(TOPIC, GROUP,
                            String.format("member-%02d", i)), consumer));
                }
                timeline = Timeline.startingNow(warmUp, measure);
                for (int i = 0; i < consumers.size(); i++) {
                    consumers.get(i).start(subscribers.get(i), timeline, credit);
                }
                runProducers(engine, cell, filler, timeline, producers);
                long produced = producers.stream().mapToLong(EngineProducer::sent).sum();
                drainStart = System.nanoTime();
                drained = ledger.awaitDistinct(produced, drainTimeout);
                drainEnd = System.nanoTime();
                if (!drained) {
                    log.error("only {} of {} produced messages arrived within the {} s drain timeout",
                            ledger.counts(sent(producers)).distinct(), produced, drainTimeout.toMillis() / 1000.0);
                }
            } finally {
                engine.close(); // waits for the delivery threads, so the consumers' counts are final below
            }
        } finally {
            store.close();
        }
        return summarize(cell, producers, consumers, ledger, drained, drainEnd - drainStart, timeline);
    }

    private static void runProducers(Engine engine, EngineCell cell, byte[] filler, Timeline timeline,
                                     List<EngineProducer> producers) throws InterruptedException {
        for (int i = 0; i < cell.producers(); i++) {
            producers.add(new EngineProducer(engine, TOPIC, i, filler, timeline));
        }
        Threads.runEach(producers, "bench-engine-producer-");
        for (EngineProducer producer : producers) {
            if (producer.failure() != null) {
                throw new IllegalStateException("producer " + producer.index() + " failed in cell " + cell,
                        producer.failure());
            }
        }
    }

    private static long[] sent(List<EngineProducer> producers) {
        return producers.stream().mapToLong(EngineProducer::sent).toArray();
    }

    private static EngineResult summarize(EngineCell cell, List<EngineProducer> producers,
                                          List<ConsumerSide> consumers, DeliveryLedger ledger, boolean drained,
                                          long drainNanos, Timeline timeline) {
        LatencyHistogram send = new LatencyHistogram();
        long producedWarmUp = 0;
        long producedMeasured = 0;
        long producedTail = 0;
        for (EngineProducer producer : producers) {
            producedWarmUp += producer.counts().warmUp();
            producedMeasured += producer.counts().measured();
            producedTail += producer.counts().tail();
            send.add(producer.counts().latencies());
        }
        LatencyHistogram endToEnd = new LatencyHistogram();
        long consumedWarmUp = 0;
        long consumedMeasured = 0;
        long consumedDrain = 0;
        List<Long> perConsumer = new ArrayList<>();
        for (ConsumerSide consumer : consumers) {
            consumedWarmUp += consumer.warmUp();
            consumedMeasured += consumer.measured();
            consumedDrain += consumer.drain();
            perConsumer.add(consumer.received());
            endToEnd.add(consumer.latencies());
        }
        return new EngineResult(cell, producedWarmUp, producedMeasured, producedTail, consumedWarmUp,
                consumedMeasured, consumedDrain, perConsumer, ledger.counts(sent(producers)), drained, drainNanos,
                timeline.measureNanos(), endToEnd, send);
    }
}
