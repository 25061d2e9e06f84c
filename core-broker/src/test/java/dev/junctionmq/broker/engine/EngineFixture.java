package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.DeliveryListener;
import dev.junctionmq.broker.engine.delivery.DeliveryPolicy;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.StoreConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real store and engine in a temporary directory, reopenable to test restarts. */
final class EngineFixture implements AutoCloseable {

    private final Path dir;
    private final DeliveryPolicy policy;
    private MessageStore store;
    private Engine engine;

    EngineFixture(Path dir, DeliveryPolicy policy) {
        this.dir = dir;
        this.policy = policy;
        open();
    }

    EngineFixture(Path dir) {
        this(dir, DeliveryPolicy.DEFAULT);
    }

    private void open() {
        store = MessageStore.open(StoreConfig.builder(dir).commitLogSegmentSize(4 << 20).maxMessageSize(256 * 1024)
                .indexHashSlots(4096).indexMaxEntries(16_384).consumeQueueEntriesPerSegment(10_000).build());
        engine = new Engine(EngineConfig.defaults(dir.resolve("config")).withPolicy(policy)
                .withDefaultQueues(4), store);
    }

    Engine engine() {
        return engine;
    }

    MessageStore store() {
        return store;
    }

    /** A clean broker restart: engine and store closed, then opened again on the same directory. */
    void restart() {
        close();
        open();
    }

    @Override
    public void close() {
        engine.close();
        store.close();
    }

    /** Collects deliveries; acknowledges them if told to. */
    static final class Recorder implements DeliveryListener {
        final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
        final List<Delivery> all = new CopyOnWriteArrayList<>();

        @Override
        public void onDelivery(Delivery delivery) {
            all.add(delivery);
            queue.add(delivery);
        }

        Delivery next(Duration timeout) throws InterruptedException {
            Delivery d = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (d == null) {
                throw new AssertionError("no delivery within " + timeout);
            }
            return d;
        }

        /** Asserts nothing arrives within {@code quiet}. */
        Delivery poll(Duration quiet) throws InterruptedException {
            return queue.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        }

        /** Asserts that the count of deliveries stays at {@code expected} for a while (nothing more arrives). */
        void assertStaysAt(int expected, Duration quiet) {
            org.awaitility.Awaitility.await().during(quiet).atMost(quiet.plusSeconds(5))
                    .until(() -> all.size() == expected);
        }

        List<String> bodies() {
            return all.stream().map(d -> new String(d.message().body())).toList();
        }
    }

    /**
     * The bodies a new member of {@code group} on {@code topic} gets through {@code selector}: waits for
     * {@code expected} deliveries, checks that no more come, and leaves the group.
     */
    static List<String> selected(Engine engine, String topic, String group, String selector, int expected) {
        Recorder recorder = new Recorder();
        var subscriber = engine.subscribe(dev.junctionmq.broker.engine.delivery.SubscriptionSpec.clustering(topic,
                group, "m").withFilter(dev.junctionmq.broker.engine.filter.MessageFilter.of(null, selector)), recorder);
        subscriber.grantCredit(100);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> recorder.all.size() >= expected);
        recorder.assertStaysAt(expected, Duration.ofMillis(300));
        subscriber.close();
        return recorder.bodies();
    }
}
