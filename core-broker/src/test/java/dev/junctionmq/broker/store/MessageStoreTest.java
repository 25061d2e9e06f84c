package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class MessageStoreTest {

    @TempDir
    Path dir;

    private StoreConfig.Builder config() {
        return StoreConfig.builder(dir).commitLogSegmentSize(64 * 1024).maxMessageSize(16 * 1024)
                .consumeQueueEntriesPerSegment(100).indexHashSlots(1024).indexMaxEntries(4096);
    }

    private static MessageToAppend message(String topic, int queueId, String body) {
        return MessageToAppend.builder(topic).queueId(queueId).body(body.getBytes(StandardCharsets.UTF_8)).build();
    }

    private static List<String> readAll(MessageStore store, String topic, int queueId) {
        List<String> bodies = new ArrayList<>();
        long offset = store.minOffset(topic, queueId);
        while (true) {
            try (ReadResult result = store.read(topic, queueId, offset, 32, 1024 * 1024)) {
                if (result.status() != ReadResult.Status.FOUND) {
                    return bodies;
                }
                result.messages().forEach(m -> bodies.add(new String(m.record().bodyBytes(), StandardCharsets.UTF_8)));
                offset = result.nextOffset();
            }
        }
    }

    @Test
    void appendedMessagesAreReadBackInOrderPerQueue() {
        try (MessageStore store = MessageStore.open(config().build())) {
            for (int i = 0; i < 50; i++) {
                AppendResult r = store.append(message("orders", i % 2, "m" + i)).join();
                assertThat(r.queueOffset()).isEqualTo(i / 2);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset("orders", 0) == 25
                    && store.maxOffset("orders", 1) == 25);
            List<String> even = new ArrayList<>();
            List<String> odd = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                (i % 2 == 0 ? even : odd).add("m" + i);
            }
            assertThat(readAll(store, "orders", 0)).containsExactlyElementsOf(even);
            assertThat(readAll(store, "orders", 1)).containsExactlyElementsOf(odd);
        }
    }

    /** Under SYNC_FLUSH the filler and the records around it reach the files through the group commit's writes. */
    @ParameterizedTest
    @EnumSource(FlushMode.class)
    void segmentsRollOverWithFillerAndRecordsNeverStraddleSegments(FlushMode mode) throws Exception {
        int count = 200;
        String padding = "x".repeat(1500);
        List<AppendResult> results = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config().flushMode(mode).build())) {
            for (int i = 0; i < count; i++) {
                results.add(store.append(message("big", 0, i + ":" + padding)).join());
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset("big", 0) == count);
            List<String> bodies = readAll(store, "big", 0);
            assertThat(bodies).hasSize(count);
            for (int i = 0; i < count; i++) {
                assertThat(bodies.get(i)).isEqualTo(i + ":" + padding);
            }
        }
        int segmentSize = 64 * 1024;
        for (AppendResult r : results) {
            long startSegment = r.commitLogOffset() / segmentSize;
            long endSegment = (r.commitLogOffset() + r.size() - 1) / segmentSize;
            assertThat(endSegment).as("record at %d", r.commitLogOffset()).isEqualTo(startSegment);
        }
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertThat(names.size()).isGreaterThanOrEqualTo(4);
            assertThat(names.get(0)).isEqualTo("00000000000000000000");
            assertThat(names.get(1)).isEqualTo(String.format("%020d", segmentSize));
        }
        // And after a clean restart, the same bytes, and appends continue at the right queue offset.
        try (MessageStore store = MessageStore.open(config().flushMode(mode).build())) {
            assertThat(readAll(store, "big", 0)).hasSize(count);
            assertThat(store.append(message("big", 0, "after")).join().queueOffset()).isEqualTo(count);
        }
    }

    @Test
    void concurrentAppendersLoseAndDuplicateNothing() throws Exception {
        int producers = 8;
        int perProducer = 2000;
        try (MessageStore store = MessageStore.open(config().flushMode(FlushMode.SYNC_FLUSH).build())) {
            ExecutorService pool = Executors.newFixedThreadPool(producers);
            List<Future<List<AppendResult>>> futures = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                int producer = p;
                futures.add(pool.submit(() -> {
                    List<AppendResult> mine = new ArrayList<>();
                    for (int i = 0; i < perProducer; i++) {
                        mine.add(store.append(message("shared", 0, producer + "-" + i)).join());
                    }
                    return mine;
                }));
            }
            Set<Long> queueOffsets = new HashSet<>();
            Set<Long> commitLogOffsets = new HashSet<>();
            for (Future<List<AppendResult>> f : futures) {
                for (AppendResult r : f.get()) {
                    queueOffsets.add(r.queueOffset());
                    commitLogOffsets.add(r.commitLogOffset());
                    assertThat(r.commitLogOffset() + r.size()).isLessThanOrEqualTo(store.commitLogFlushedOffset());
                }
            }
            pool.shutdown();
            int total = producers * perProducer;
            GroupCommitStats groupCommit = store.groupCommitStats();
            assertThat(groupCommit.appends()).isEqualTo(total);
            // Producers that wait for their acknowledgement at the same time share forces.
            assertThat(groupCommit.forces()).isPositive().isLessThan(total);
            assertThat(queueOffsets).hasSize(total);
            assertThat(commitLogOffsets).hasSize(total);
            assertThat(queueOffsets.stream().mapToLong(Long::longValue).max().orElseThrow()).isEqualTo(total - 1);

            await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffset("shared", 0) == total);
            List<String> bodies = readAll(store, "shared", 0);
            assertThat(bodies).hasSize(total).doesNotHaveDuplicates();
            // Each producer's own messages keep their order.
            for (int p = 0; p < producers; p++) {
                String prefix = p + "-";
                List<String> mine = bodies.stream().filter(b -> b.startsWith(prefix)).toList();
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < perProducer; i++) {
                    expected.add(prefix + i);
                }
                assertThat(mine).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void asyncFlushForcesOnceTheThresholdIsWrittenWithoutWaitingForTheInterval() {
        try (MessageStore store = MessageStore.open(config().flushMode(FlushMode.ASYNC_FLUSH)
                .asyncFlushInterval(Duration.ofHours(1)).asyncFlushBytes(8 * 1024).build())) {
            store.append(message("t", 0, "small")).join();
            long flushedBeforeThreshold = store.commitLogFlushedOffset();
            byte[] body = new byte[1024];
            for (int i = 0; i < 10; i++) {
                store.append(MessageToAppend.builder("t").body(body).build()).join();
            }
            long written = store.commitLogMaxOffset();
            assertThat(written - flushedBeforeThreshold).isGreaterThan(8 * 1024);
            // The interval is an hour: only the threshold can have forced the log this soon.
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(store.commitLogFlushedOffset()).isGreaterThanOrEqualTo(8 * 1024));
            assertThat(store.groupCommitStats()).isEqualTo(GroupCommitStats.NONE);
        }
    }

    @ParameterizedTest
    @EnumSource(FlushMode.class)
    void awaitingDispatchOfWhatIsWrittenMakesEveryAcknowledgedAppendReadable(FlushMode mode) {
        try (MessageStore store = MessageStore.open(config().flushMode(mode).build())) {
            for (int i = 0; i < 50; i++) {
                store.append(message("rw", 0, "m" + i)).join();
            }
            assertThat(store.awaitDispatchOfWritten(Duration.ofSeconds(10))).isTrue();
            // no waiting after it: the consume queue already holds every acknowledged append
            try (ReadResult read = store.read("rw", 0, 0, 100, 1024 * 1024)) {
                assertThat(read.messages()).hasSize(50);
            }
        }
    }

    @Test
    void oneRecordIsIndexedIntoSeveralQueuesWithoutCopyingIt() {
        try (MessageStore store = MessageStore.open(config().build())) {
            store.append(message("sub-a", 0, "warm-up")).join();
            AppendResult result = store.append(MessageToAppend.builder("devices").body("21.5C".getBytes())
                    .alsoDispatchTo("sub-a").alsoDispatchTo("sub-b").build()).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset("sub-b", 0) == 1);
            try (ReadResult a = store.read("sub-a", 0, 1, 10, 65536);
                 ReadResult b = store.read("sub-b", 0, 0, 10, 65536);
                 ReadResult own = store.read("devices", 0, 0, 10, 65536)) {
                assertThat(a.messages()).singleElement().satisfies(m -> {
                    assertThat(m.commitLogOffset()).isEqualTo(result.commitLogOffset());
                    assertThat(m.queueOffset()).isEqualTo(1);
                });
                assertThat(b.messages()).singleElement()
                        .satisfies(m -> assertThat(m.commitLogOffset()).isEqualTo(result.commitLogOffset()));
                assertThat(own.messages()).singleElement()
                        .satisfies(m -> assertThat(new String(m.record().bodyBytes())).isEqualTo("21.5C"));
            }
        }
        // The extra queues are rebuilt from the commit log alone.
        try (MessageStore store = MessageStore.open(config().build())) {
            assertThat(store.maxOffset("sub-a", 0)).isEqualTo(2);
            assertThat(store.maxOffset("sub-b", 0)).isEqualTo(1);
        }
    }

    @Test
    void readsHonourCountByteBudgetAndTagFilter() {
        try (MessageStore store = MessageStore.open(config().build())) {
            for (int i = 0; i < 30; i++) {
                store.append(MessageToAppend.builder("t").body(("b" + i).getBytes()).tags(i % 3 == 0 ? "A" : "B")
                        .build()).join();
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset("t", 0) == 30);
            try (ReadResult r = store.read("t", 0, 0, 5, 1 << 20)) {
                assertThat(r.messages()).hasSize(5);
                assertThat(r.nextOffset()).isEqualTo(5);
            }
            try (ReadResult r = store.read("t", 0, 0, 100, 1)) {
                assertThat(r.messages()).as("a budget below one record still returns one").hasSize(1);
            }
            long tagA = "A".hashCode();
            try (ReadResult r = store.read("t", 0, 0, 100, 1 << 20, hash -> hash == tagA)) {
                assertThat(r.messages()).extracting(m -> new String(m.record().bodyBytes()))
                        .containsExactly("b0", "b3", "b6", "b9", "b12", "b15", "b18", "b21", "b24", "b27");
                assertThat(r.nextOffset()).isEqualTo(30);
            }
            try (ReadResult r = store.read("t", 0, 30, 10, 1 << 20)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.NO_NEW_MESSAGE);
            }
            try (ReadResult r = store.read("t", 0, 31, 10, 1 << 20)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.OFFSET_TOO_LARGE);
                assertThat(r.nextOffset()).isEqualTo(30);
            }
        }
    }

    @Test
    void lookupsByKeyUniqueKeyAndStoreId() {
        try (MessageStore store = MessageStore.open(config().build())) {
            List<AppendResult> results = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                results.add(store.append(MessageToAppend.builder("orders").body(("order-" + i).getBytes())
                        .keys("customer-" + (i % 10), "order-" + i).uniqueKey("U" + i).build()).join());
            }
            store.append(MessageToAppend.builder("other").body("x".getBytes()).keys("customer-3").build()).join();
            await().atMost(Duration.ofSeconds(5)).until(() -> store.dispatchLagBytes() == 0
                    && store.dispatchedOffset() == store.commitLogMaxOffset());

            List<StoredRecord> customer3 = store.lookupByKey("orders", "customer-3", 100);
            assertThat(customer3).extracting(r -> new String(r.bodyBytes()))
                    .containsExactlyInAnyOrder("order-3", "order-13", "order-23", "order-33", "order-43", "order-53",
                            "order-63", "order-73", "order-83", "order-93");
            assertThat(store.lookupByKey("orders", "order-77", 10)).singleElement()
                    .satisfies(r -> assertThat(new String(r.bodyBytes())).isEqualTo("order-77"));
            assertThat(store.lookupByKey("orders", "nobody", 10)).isEmpty();
            assertThat(store.lookupByUniqueKey("orders", "U42")).get()
                    .satisfies(r -> assertThat(new String(r.bodyBytes())).isEqualTo("order-42"));
            assertThat(store.lookupByUniqueKey("other", "U42")).isEmpty();
            assertThat(store.lookupByOffsetMessageId(results.get(58).offsetMessageId())).get()
                    .satisfies(r -> {
                        assertThat(new String(r.bodyBytes())).isEqualTo("order-58");
                        assertThat(r.physicalOffset()).isEqualTo(results.get(58).commitLogOffset());
                    });
        }
        // The index survives a restart.
        try (MessageStore store = MessageStore.open(config().build())) {
            assertThat(store.lookupByKey("orders", "customer-3", 100)).hasSize(10);
        }
    }

    @Test
    void oversizedMessagesAreRejectedWithAClearError() {
        try (MessageStore store = MessageStore.open(config().build())) {
            assertThatThrownBy(() -> store.append(message("t", 0, "x".repeat(16 * 1024 + 1))))
                    .isInstanceOf(MessageRejectedException.class)
                    .hasMessageContaining("16385 bytes").hasMessageContaining("maximum message size is 16384");
            CompletableFuture<AppendResult> tooManyProperties = store.append(MessageToAppend.builder("t")
                    .body(new byte[1]).property("big", "p".repeat(40_000)).build());
            assertThatThrownBy(tooManyProperties::join).hasCauseInstanceOf(MessageRejectedException.class)
                    .hasMessageContaining("properties");
            // The store goes on serving.
            assertThat(store.append(message("t", 0, "ok")).join().queueOffset()).isZero();
        }
    }

    @Test
    void closedStoreRejectsAppends() {
        MessageStore store = MessageStore.open(config().build());
        store.close();
        assertThatThrownBy(() -> store.append(message("t", 0, "late")))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("closed");
        assertThat(Files.exists(dir.resolve("abort"))).isFalse();
    }
}
