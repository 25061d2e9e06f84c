package dev.junctionmq.bench.store;

import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.GroupCommitStats;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.QueuedMessage;
import dev.junctionmq.broker.store.ReadResult;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.record.StoredRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StoreBenchmarkTest {

    @TempDir
    Path directory;

    /** {@code producerThreads} 0: a thread per producer; else producers are sessions sharing that many threads. */
    @ParameterizedTest
    @CsvSource({"ASYNC_FLUSH, 100, 4, 0", "SYNC_FLUSH, 1024, 3, 0", "ASYNC_FLUSH, 100, 4, 1", "SYNC_FLUSH, 1024, 5, 2"})
    void reportsExactlyTheRecordsTheStoreHolds(FlushMode mode, int bodySize, int producers, int producerThreads)
            throws Exception {
        StoreBenchmark benchmark = new StoreBenchmark(Duration.ofMillis(100), Duration.ofMillis(200),
                StoreConfig.DEFAULT_COMMIT_LOG_SEGMENT_SIZE, true, 16L * 1024 * 1024, producerThreads);
        StoreCell cell = new StoreCell(mode, bodySize, producers);

        CellResult result = benchmark.run(cell, directory);

        assertThat(result.measuredRecords()).isPositive();
        assertThat(result.tailRecords()).isLessThanOrEqualTo(producers);
        assertThat(result.perQueueRecords()).hasSize(producers).allSatisfy(count -> assertThat(count).isPositive());
        assertThat(result.perQueueRecords().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(result.totalRecords());
        assertThat(result.recordsPerSecond() * result.measureNanos() / 1e9)
                .isCloseTo(result.measuredRecords(), within(1e-6 * result.measuredRecords()));
        assertThat(result.megabytesPerSecond() * 1e6 / bodySize).isCloseTo(result.recordsPerSecond(),
                within(1e-6 * result.recordsPerSecond()));
        assertThat(result.p50Nanos()).isPositive().isLessThanOrEqualTo(result.p99Nanos());
        // HotSpot reports process CPU time; appending cost some of it.
        assertThat(result.cpuMicrosPerRecord()).isPositive();
        if (mode == FlushMode.SYNC_FLUSH) {
            // Every append of the cell was acknowledged by a group force before the producers ended.
            assertThat(result.groupCommit().appends()).isEqualTo(result.totalRecords());
            assertThat(result.groupCommit().forces()).isBetween(1L, result.totalRecords());
        } else {
            assertThat(result.groupCommit()).isEqualTo(GroupCommitStats.NONE);
        }

        try (MessageStore store = MessageStore.open(benchmark.storeConfig(cell, directory))) {
            assertThat(store.commitLogMaxOffset()).isEqualTo(result.commitLogBytes());
            List<Long> readBack = new ArrayList<>();
            for (int queue = 0; queue < producers; queue++) {
                assertThat(store.maxOffset(StoreBenchmark.TOPIC, queue)).isEqualTo(result.perQueueRecords().get(queue));
                readBack.add(countRecords(store, queue, bodySize));
            }
            assertThat(store.maxOffset(StoreBenchmark.TOPIC, producers)).isZero();
            assertThat(readBack).isEqualTo(result.perQueueRecords());
        }
    }

    /** Reads the whole queue back, checking each record is one the benchmark wrote there. */
    private static long countRecords(MessageStore store, int queue, int bodySize) {
        long count = 0;
        long offset = 0;
        while (true) {
            try (ReadResult read = store.read(StoreBenchmark.TOPIC, queue, offset, 1024, 4 * 1024 * 1024)) {
                if (read.status() != ReadResult.Status.FOUND) {
                    assertThat(read.status()).isEqualTo(ReadResult.Status.NO_NEW_MESSAGE);
                    return count;
                }
                for (QueuedMessage message : read.messages()) {
                    StoredRecord record = message.record();
                    assertThat(record.topic()).isEqualTo(StoreBenchmark.TOPIC);
                    assertThat(record.queueId()).isEqualTo(queue);
                    assertThat(record.bodyLength()).isEqualTo(bodySize);
                    assertThat(message.queueOffset()).isEqualTo(count);
                    count++;
                }
                offset = read.nextOffset();
            }
        }
    }
}
