package dev.junctionmq.broker.engine.timer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimerProgressTest {

    @TempDir
    Path dir;

    @Test
    void doneOffsetsMergeIntoRangesAndMoveTheWatermark() {
        TimerProgress p = new TimerProgress();
        p.markDone(3);
        p.markDone(5);
        p.markDone(4);
        assertThat(p.watermark()).isZero();
        assertThat(p.ranges()).isEqualTo(Map.of(3L, 6L));
        assertThat(p.isDone(2)).isFalse();
        assertThat(p.isDone(4)).isTrue();
        assertThat(p.nextNotDone(3)).isEqualTo(6);
        assertThat(p.nextDoneStart(0)).isEqualTo(3);

        p.markDone(1);
        p.markDone(8, 10);
        assertThat(p.rangeCount()).isEqualTo(3);
        p.markDone(0);
        assertThat(p.watermark()).isEqualTo(2);
        p.markDone(2);
        assertThat(p.watermark()).isEqualTo(6);
        assertThat(p.ranges()).isEqualTo(Map.of(8L, 10L));
        p.markDone(6, 8);
        assertThat(p.watermark()).isEqualTo(10);
        assertThat(p.rangeCount()).isZero();
        p.markDone(4); // below the watermark: nothing changes
        assertThat(p.watermark()).isEqualTo(10);
    }

    @Test
    void overlappingRangesMerge() {
        TimerProgress p = new TimerProgress();
        p.markDone(10, 20);
        p.markDone(30, 40);
        p.markDone(15, 35);
        assertThat(p.ranges()).isEqualTo(Map.of(10L, 40L));
        p.markDone(12, 14);
        assertThat(p.ranges()).isEqualTo(Map.of(10L, 40L));
    }

    @Test
    void savesAndLoadsAtomically() throws Exception {
        Path file = dir.resolve("sub").resolve("state.json");
        TimerProgress p = new TimerProgress();
        p.markDone(0, 4);
        p.markDone(6);
        p.markDone(9, 12);
        assertThat(p.dirty()).isTrue();
        p.save(file);
        assertThat(p.dirty()).isFalse();
        assertThat(Files.exists(file.resolveSibling("state.json.tmp"))).isFalse();

        TimerProgress loaded = TimerProgress.load(file);
        assertThat(loaded.watermark()).isEqualTo(4);
        assertThat(loaded.ranges()).isEqualTo(Map.of(6L, 7L, 9L, 12L));
        assertThat(loaded.dirty()).isFalse();
    }

    @Test
    void missingOrDamagedFileMeansStartingOver() throws Exception {
        assertThat(TimerProgress.load(dir.resolve("none.json")).watermark()).isZero();
        Path damaged = dir.resolve("damaged.json");
        Files.writeString(damaged, "{\"version\":1,\"water");
        TimerProgress p = TimerProgress.load(damaged);
        assertThat(p.watermark()).isZero();
        assertThat(p.rangeCount()).isZero();
    }

    @Test
    void fitsToTheQueueBounds() {
        TimerProgress p = new TimerProgress();
        p.markDone(0, 5);
        p.markDone(7, 9);
        p.markDone(12, 20);
        p.fitTo(0, 15);
        assertThat(p.watermark()).isEqualTo(5);
        assertThat(p.ranges()).isEqualTo(Map.of(7L, 9L, 12L, 15L));

        p.fitTo(8, 15); // retention removed [0, 8)
        assertThat(p.watermark()).isEqualTo(9);
        assertThat(p.ranges()).isEqualTo(Map.of(12L, 15L));

        p.fitTo(0, 3); // the store is behind the state
        assertThat(p.watermark()).isEqualTo(3);
        assertThat(p.rangeCount()).isZero();
    }
}
