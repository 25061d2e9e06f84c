package dev.junctionmq.bench.engine;

import dev.junctionmq.broker.engine.group.ConsumerOffsetTable;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.MessageStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class EngineBenchmarkTest {

    @TempDir
    Path directory;

    @Test
    void consumesEveryProducedMessageExactlyOnceAndCountsWhatTheStoreHolds() throws Exception {
        EngineBenchmark benchmark = new EngineBenchmark(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofSeconds(30), 16);
        EngineCell cell = new EngineCell(FlushMode.ASYNC_FLUSH, 2, 2, 4, 1024);

        EngineResult result = benchmark.run(cell, directory);

        assertThat(result.producedMeasured()).isPositive();
        assertThat(result.consumedMeasured()).isPositive();
        assertThat(result.producedTail()).isLessThanOrEqualTo(cell.producers());
        assertThat(result.drained()).isTrue();
        assertThat(result.consumed()).isEqualTo(result.produced());
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.unexpected()).isZero();
        assertThat(result.exactlyOnce()).isTrue();
        // The phase counters, the ledger's distinct set and the per-member counts are kept apart: they must agree.
        assertThat(result.ledger().distinct()).isEqualTo(result.produced());
        assertThat(result.ledger().deliveries()).isEqualTo(result.consumed());
        assertThat(result.perConsumer()).hasSize(cell.consumers()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(result.perConsumer().stream().mapToLong(Long::longValue).sum()).isEqualTo(result.consumed());
        assertThat(result.endToEnd().count()).isEqualTo(result.consumedMeasured());
        assertThat(result.send().count()).isEqualTo(result.producedMeasured());
        assertThat(result.endToEnd().percentileNanos(50)).isPositive()
                .isLessThanOrEqualTo(result.endToEnd().percentileNanos(99));

        // Independently of the benchmark's own counters: the store holds exactly the produced messages, and the
        // group's committed offsets say every one of them was acknowledged.
        ConsumerOffsetTable offsets = new ConsumerOffsetTable(
                EngineBenchmark.engineConfig(directory).configDirectory().resolve("consumerOffset.json"));
        try (MessageStore store = MessageStore.open(EngineBenchmark.storeConfig(cell, directory))) {
            long stored = 0;
            for (int queue = 0; queue < cell.queues(); queue++) {
                long max = store.maxOffset(EngineBenchmark.TOPIC, queue);
                stored += max;
                assertThat(offsets.get(EngineBenchmark.GROUP, EngineBenchmark.TOPIC, queue))
                        .as("committed offset of queue %d", queue).hasValue(max);
            }
            assertThat(stored).isEqualTo(result.produced());
        }
    }
}
