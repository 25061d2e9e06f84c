package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.record.MessageToAppend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class SegmentPreallocatorTest {

    private static final int SEGMENT = 2 * 1024 * 1024;
    private static final int PRODUCERS = 8;
    private static final int PER_PRODUCER = 1500;

    @TempDir
    Path dir;

    private CommitLog open(FlushMode mode) {
        StoreConfig config = StoreConfig.builder(dir).flushMode(mode).commitLogSegmentSize(SEGMENT)
                .maxMessageSize(8 * 1024).build();
        CommitLog log = new CommitLog(config, dir.resolve("commitlog"));
        log.load();
        log.recovered(0, 0);
        log.start(() -> { });
        return log;
    }

    private static byte[] body(int producer, int sequence) {
        byte[] body = new byte[1000];
        byte[] label = (producer + "/" + sequence + "/").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < body.length; i++) {
            body[i] = label[i % label.length];
        }
        return body;
    }

    /**
     * Zeros written ahead of concurrent writers (SYNC_FLUSH: file writes and forces; ASYNC_FLUSH: one byte per page
     * of the mapping), across segment roll-overs, never land on a record.
     */
    @ParameterizedTest
    @EnumSource(FlushMode.class)
    void blocksAreZeroedAheadOfTheWriterWithoutEverTouchingARecord(FlushMode mode) throws Exception {
        CommitLog log = open(mode);
        List<List<AppendResult>> results = new ArrayList<>();
        ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
        try {
            List<Future<List<AppendResult>>> futures = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                futures.add(producers.submit(() -> {
                    List<AppendResult> mine = new ArrayList<>();
                    for (int i = 0; i < PER_PRODUCER; i++) {
                        CompletableFuture<AppendResult> appended = log.append(MessageToAppend.builder("t")
                                .queueId(producer).body(body(producer, i)).build());
                        mine.add(appended.join());
                    }
                    return mine;
                }));
            }
            for (Future<List<AppendResult>> future : futures) {
                results.add(future.get());
            }
            assertThat(log.segments().segments()).as("the writes crossed several segments").hasSizeGreaterThan(3);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(log.preallocatedEnd()).isGreaterThan(log.writtenOffset()));
            for (int p = 0; p < PRODUCERS; p++) {
                for (int i = 0; i < PER_PRODUCER; i++) {
                    AppendResult result = results.get(p).get(i);
                    try (RecordSlice slice = log.read(result.commitLogOffset(), result.size())) {
                        assertThat(slice).as("record %d/%d", p, i).isNotNull();
                        ByteBuffer body = slice.record().body();
                        byte[] bytes = new byte[body.remaining()];
                        body.get(bytes);
                        assertThat(bytes).as("record %d/%d", p, i).isEqualTo(body(p, i));
                    }
                }
            }
        } finally {
            producers.shutdownNow();
            log.close();
            log.unmap();
        }
    }

    /**
     * With the default 4 MiB maximum message size, the reach of the next append is more than half the look-ahead:
     * measuring the look-ahead from the writer instead of from that reach left ~64 KiB unprepared each time the
     * pre-allocator was woken, and group commits wrote those into holes (slow forces, measured in the benchmark).
     */
    @Test
    void theWriterNeverReachesBytesThePreallocatorPassedOver() {
        StoreConfig config = StoreConfig.builder(dir).flushMode(FlushMode.SYNC_FLUSH)
                .commitLogSegmentSize(64 * 1024 * 1024).build();
        CommitLog log = new CommitLog(config, dir.resolve("commitlog"));
        log.load();
        log.recovered(0, 0);
        log.start(() -> { });
        try {
            byte[] body = new byte[16 * 1024];
            while (log.writtenOffset() < 3L * SegmentPreallocator.AHEAD) {
                log.append(MessageToAppend.builder("t").body(body).build()).join();
            }
            assertThat(log.segments().segments()).hasSize(1);
            assertThat(log.preallocatedEnd()).isGreaterThan(log.writtenOffset());
            assertThat(log.skippedPreallocationBytes()).isZero();
        } finally {
            log.close();
            log.unmap();
        }
    }
}
