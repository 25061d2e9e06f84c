package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.file.MappedSegment;
import dev.junctionmq.broker.store.record.MessageToAppend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Under SYNC_FLUSH records reach the segment files through the group commit's writes, not the appenders'. */
class PendingWritesTest {

    @TempDir
    Path dir;

    /**
     * With room for little more than one largest record, appends that do not wait for their acknowledgement fill the
     * pending buffer many times over: each must wait for the flusher to take it, and every record must still land at
     * the offset it was given, across segment roll-overs, and be forced before it is acknowledged.
     */
    @Test
    void appendsThatOutrunTheFlusherWaitForRoomAndEveryRecordLandsWhereItWasPlaced() throws Exception {
        StoreConfig config = StoreConfig.builder(dir).flushMode(FlushMode.SYNC_FLUSH)
                .commitLogSegmentSize(256 * 1024).maxMessageSize(1024).preallocate(false).build();
        int count = 3000;
        List<CompletableFuture<AppendResult>> acknowledgements = new ArrayList<>();
        CommitLog log = new CommitLog(config, dir.resolve("commitlog"), 0);
        try {
            log.load();
            log.recovered(0, 0);
            log.start(() -> { });
            for (int i = 0; i < count; i++) {
                acknowledgements.add(log.append(message(i)));
            }
            long expectedOffset = 0;
            for (int i = 0; i < count; i++) {
                AppendResult result = acknowledgements.get(i).get(10, TimeUnit.SECONDS);
                assertThat(result.queueOffset()).isEqualTo(i);
                if (result.commitLogOffset() != expectedOffset) {
                    // Only a segment roll-over leaves a gap: the next record starts the next segment.
                    assertThat(result.commitLogOffset() % config.commitLogSegmentSize()).isZero();
                }
                assertThat(log.flushedOffset()).isGreaterThanOrEqualTo(result.commitLogOffset() + result.size());
                try (RecordSlice slice = log.read(result.commitLogOffset(), result.size())) {
                    assertThat(new String(slice.record().bodyBytes(), StandardCharsets.UTF_8)).isEqualTo(body(i));
                    assertThat(slice.record().queueOffset()).isEqualTo(i);
                }
                expectedOffset = result.commitLogOffset() + result.size();
            }
            assertThat(log.segments().segments()).hasSizeGreaterThan(5);
            assertThat(log.pendingFullWaits()).as("appends that found the pending buffer full").isPositive();
        } finally {
            log.close();
            log.unmap();
        }
    }

    /**
     * A segment filler that ends exactly at the segment's end, followed by the next segment's first record: the
     * log offsets run on without a gap, but the bytes belong to two files. Written as one run, the record would land
     * past the end of the first file (found by the crash test: a 1 MiB segment grown to 1,062,020 bytes).
     */
    @Test
    void bytesThatContinueIntoTheNextSegmentAreWrittenToThatSegment() throws Exception {
        int size = 4096;
        MappedSegment first = MappedSegment.map(dir.resolve("first"), 0, size);
        MappedSegment second = MappedSegment.map(dir.resolve("second"), size, size);
        try {
            PendingWrites pending = new PendingWrites(1024);
            byte[] filler = {0, 0, 0, 8, 1, 2, 3, 4};
            pending.buffer().put(pending.reserve(first, size - filler.length, filler.length), filler);
            byte[] record = "the next segment's first record".getBytes(StandardCharsets.US_ASCII);
            pending.buffer().put(pending.reserve(second, size, record.length), record);
            byte[] later = "after a gap".getBytes(StandardCharsets.US_ASCII);
            pending.buffer().put(pending.reserve(second, size + 100, later.length), later);
            assertThat(pending.endOffset()).isEqualTo(size + 100 + later.length);

            pending.writeOut();

            assertThat(Files.size(first.path())).isEqualTo(size);
            assertThat(Files.size(second.path())).isEqualTo(size);
            assertThat(bytes(first.buffer(), size - filler.length, filler.length)).isEqualTo(filler);
            assertThat(bytes(second.buffer(), 0, record.length)).isEqualTo(record);
            assertThat(bytes(second.buffer(), 100, later.length)).isEqualTo(later);
            assertThat(pending.isEmpty()).isTrue();
            assertThat(pending.endOffset()).isEqualTo(-1);
        } finally {
            first.close();
            second.close();
        }
    }

    private static byte[] bytes(ByteBuffer buffer, int index, int length) {
        byte[] bytes = new byte[length];
        buffer.get(index, bytes);
        return bytes;
    }

    private static MessageToAppend message(int i) {
        return MessageToAppend.builder("pending").body(body(i).getBytes(StandardCharsets.UTF_8)).build();
    }

    private static String body(int i) {
        return i + ":" + "b".repeat(900);
    }
}
