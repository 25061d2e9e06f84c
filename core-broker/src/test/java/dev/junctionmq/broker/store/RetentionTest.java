package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.record.MessageToAppend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RetentionTest {

    private static final int SEGMENT = 64 * 1024;

    @TempDir
    Path dir;

    private StoreConfig.Builder config() {
        return StoreConfig.builder(dir).commitLogSegmentSize(SEGMENT).maxMessageSize(8 * 1024)
                .consumeQueueEntriesPerSegment(50).indexHashSlots(512).indexMaxEntries(100)
                .retentionCheckInterval(Duration.ofHours(1)).diskMaxUsedRatio(1.0);
    }

    /** Appends until the commit log has {@code segments} segments; returns every append's result, in order. */
    private static List<AppendResult> fill(MessageStore store, int segments) {
        List<AppendResult> results = new ArrayList<>();
        int i = 0;
        while (store.commitLogMaxOffset() < (long) (segments - 1) * SEGMENT + SEGMENT / 2) {
            results.add(store.append(MessageToAppend.builder("events").body(("event-" + i + "-" + "p".repeat(900))
                    .getBytes()).keys("k" + i).build()).join());
            i++;
        }
        int total = results.size();
        await().atMost(Duration.ofSeconds(5)).until(() -> store.maxOffset("events", 0) == total
                && store.dispatchedOffset() == store.commitLogMaxOffset()
                && store.commitLogFlushedOffset() == store.commitLogMaxOffset());
        return results;
    }

    private List<Path> segmentFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("commitlog"))) {
            return files.sorted().toList();
        }
    }

    @Test
    void segmentsOlderThanRetentionAreDeletedAndQueuesFollow() throws Exception {
        try (MessageStore store = MessageStore.open(config().retentionTime(Duration.ofHours(1)).build())) {
            List<AppendResult> results = fill(store, 5);
            List<Path> before = segmentFiles();
            assertThat(before).hasSize(5);
            FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
            Files.setLastModifiedTime(before.get(0), old);
            Files.setLastModifiedTime(before.get(1), old);
            // The newest segment is never deleted, however old it looks.
            Files.setLastModifiedTime(before.get(4), old);

            assertThat(store.applyRetention()).isEqualTo(2);

            assertThat(segmentFiles()).containsExactlyElementsOf(before.subList(2, 5));
            assertThat(store.commitLogMinOffset()).isEqualTo(2L * SEGMENT);
            long firstKept = results.stream().filter(r -> r.commitLogOffset() >= 2L * SEGMENT)
                    .findFirst().orElseThrow().queueOffset();
            assertThat(store.minOffset("events", 0)).isEqualTo(firstKept);
            try (ReadResult r = store.read("events", 0, 0, 10, 1 << 20)) {
                assertThat(r.status()).isEqualTo(ReadResult.Status.OFFSET_TOO_SMALL);
                assertThat(r.nextOffset()).isEqualTo(firstKept);
            }
            try (ReadResult r = store.read("events", 0, firstKept, 1, 1 << 20)) {
                assertThat(new String(r.messages().get(0).record().bodyBytes())).startsWith("event-" + firstKept + "-");
            }
            assertThat(store.lookupByKey("events", "k0", 10)).isEmpty();
            assertThat(store.lookupByKey("events", "k" + firstKept, 10)).hasSize(1);
            // Nothing younger goes on a second pass.
            assertThat(store.applyRetention()).isZero();
            assertThat(segmentFiles()).hasSize(3);
        }
        // Offsets are remembered after a restart.
        try (MessageStore store = MessageStore.open(config().retentionTime(Duration.ofHours(1)).build())) {
            assertThat(store.commitLogMinOffset()).isEqualTo(2L * SEGMENT);
            assertThat(store.minOffset("events", 0)).isGreaterThan(0);
            long max = store.maxOffset("events", 0);
            assertThat(store.append(MessageToAppend.builder("events").body(new byte[10]).build()).join().queueOffset())
                    .isEqualTo(max);
        }
    }

    @Test
    void sizeCeilingDeletesOldestSegmentsDownToTheCeiling() throws Exception {
        try (MessageStore store = MessageStore.open(config().retentionMaxBytes(3L * SEGMENT).build())) {
            fill(store, 6);
            assertThat(segmentFiles()).hasSize(6);
            assertThat(store.applyRetention()).isEqualTo(3);
            assertThat(segmentFiles()).extracting(p -> p.getFileName().toString())
                    .containsExactly(String.format("%020d", 3L * SEGMENT), String.format("%020d", 4L * SEGMENT),
                            String.format("%020d", 5L * SEGMENT));
        }
    }

    @Test
    void nothingIsDeletedWithinRetention() throws Exception {
        try (MessageStore store = MessageStore.open(config().build())) {
            List<AppendResult> results = fill(store, 4);
            assertThat(store.applyRetention()).isZero();
            assertThat(segmentFiles()).hasSize(4);
            assertThat(store.minOffset("events", 0)).isZero();
            assertThat(store.maxOffset("events", 0)).isEqualTo(results.size());
        }
    }
}
