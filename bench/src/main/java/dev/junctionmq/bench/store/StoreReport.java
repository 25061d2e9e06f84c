package dev.junctionmq.bench.store;

import dev.junctionmq.bench.ResultTable;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Units;
import dev.junctionmq.broker.store.FlushMode;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the store cells and raw baselines of one run and prints them. The last line is always
 * {@code ratio=...}: store MB/s (durable, see {@link CellResult#durableMegabytesPerSecond()}) for 1 KiB bodies,
 * ASYNC, 16 producers, over the raw sequential MB/s.
 */
final class StoreReport {

    static final StoreCell RATIO_CELL = new StoreCell(FlushMode.ASYNC_FLUSH, 1024, 16);
    static final StoreCell GROUP_COMMIT_CELL = new StoreCell(FlushMode.SYNC_FLUSH, 1024, 16);

    private final Path directory;
    private final Duration warmUp;
    private final Duration measure;
    private final int segmentMb;
    private final int producerThreads;
    private final List<CellResult> cells = new ArrayList<>();
    private RawDiskBenchmark.SequentialResult sequential;
    private RawDiskBenchmark.FsyncResult fsync;
    private RawDiskBenchmark.FsyncResult overwriteFsync;

    StoreReport(Path directory, Duration warmUp, Duration measure, int segmentMb, int producerThreads) {
        this.directory = directory;
        this.warmUp = warmUp;
        this.measure = measure;
        this.segmentMb = segmentMb;
        this.producerThreads = producerThreads;
    }

    void add(CellResult result) {
        cells.add(result);
    }

    void sequential(RawDiskBenchmark.SequentialResult result) {
        this.sequential = result;
    }

    void fsync(RawDiskBenchmark.FsyncResult result) {
        this.fsync = result;
    }

    void overwriteFsync(RawDiskBenchmark.FsyncResult result) {
        this.overwriteFsync = result;
    }

    /** Commit-log bytes the ratio cell wrote, or the most any cell wrote if it did not run. */
    long ratioCellLogBytes() {
        return find(RATIO_CELL).map(CellResult::commitLogBytes)
                .orElseGet(() -> cells.stream().mapToLong(CellResult::commitLogBytes).max().orElse(0));
    }

    void print(PrintStream out) {
        out.printf("# junction-bench store: %s; warm-up %s s, measure %s s per cell; segment %d MiB; %s; "
                        + "MB = 10^6 B of message body; %d cpus; java %s%n",
                ScratchDirectory.describe(directory), Units.seconds(warmUp), Units.seconds(measure), segmentMb,
                producerThreads == 0 ? "a thread per producer"
                        : "producers are sessions on " + producerThreads + " shared thread"
                        + (producerThreads == 1 ? "" : "s"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        ResultTable table = new ResultTable("mode", "body", "producers", "records/s", "MB/s", "durable_MB/s",
                "p50_us", "p99_us", "close_ms", "cpu_us/rec", "recs/force");
        for (CellResult r : cells) {
            table.row(r.cell().modeLabel(), Units.bytes(r.cell().bodySize()), Integer.toString(r.cell().producers()),
                    Units.fixed(r.recordsPerSecond(), 0), Units.fixed(r.megabytesPerSecond(), 1),
                    Units.fixed(r.durableMegabytesPerSecond(), 1), Units.micros(r.p50Nanos()),
                    Units.micros(r.p99Nanos()), Units.fixed(r.closeNanos() / 1e6, 1),
                    Double.isNaN(r.cpuMicrosPerRecord()) ? "n/a" : Units.fixed(r.cpuMicrosPerRecord(), 2),
                    r.cell().mode() == FlushMode.SYNC_FLUSH ? Units.fixed(r.groupCommit().appendsPerForce(), 2) : "-");
        }
        table.print(out);
        out.println("# durable_MB/s = body bytes of the window and tail / (window + wait for the last sends + "
                + "store.close(), which forces the log)");
        out.println("# cpu_us/rec = CPU time of this process (all threads, user + system) over the cell / appends");
        out.println("# recs/force = SYNC appends acknowledged per group force (at most the producer count: each producer"
                + " waits for its acknowledgement)");
        out.printf("raw_sequential_write: %s in 1 MiB writes + force: %s MB/s (force took %s ms)%n",
                Units.bytes(sequential.bytes()), Units.fixed(sequential.megabytesPerSecond(), 1),
                Units.fixed(sequential.forceNanos() / 1e6, 1));
        out.printf("raw_4k_write_fsync: %s ops/s, %s MB/s (single writer, write 4 KiB + force(false); "
                        + "p50 %s us, p99 %s us)%n",
                Units.fixed(fsync.operationsPerSecond(), 0),
                Units.fixed(fsync.operationsPerSecond() * RawDiskBenchmark.FSYNC_CHUNK / Units.MB, 1),
                Units.micros(fsync.p50Nanos()), Units.micros(fsync.p99Nanos()));
        out.printf("raw_4k_overwrite_fsync: %s ops/s (the same into blocks written and forced beforehand, as the"
                        + " store pre-allocates them; p50 %s us, p99 %s us)%n",
                Units.fixed(overwriteFsync.operationsPerSecond(), 0), Units.micros(overwriteFsync.p50Nanos()),
                Units.micros(overwriteFsync.p99Nanos()));
        out.println("sync_group_commit_records_per_force=" + find(GROUP_COMMIT_CELL)
                .map(r -> Units.fixed(r.groupCommit().appendsPerForce(), 2)).orElse("n/a"));
        out.println("sync_group_commit_factor_vs_overwrite=" + find(GROUP_COMMIT_CELL)
                .map(r -> Units.fixed(r.recordsPerSecond() / overwriteFsync.operationsPerSecond(), 2))
                .orElse("n/a"));
        out.println("sync_group_commit_factor=" + find(GROUP_COMMIT_CELL)
                .map(r -> Units.fixed(r.recordsPerSecond() / fsync.operationsPerSecond(), 2)).orElse("n/a"));
        out.println("ratio=" + find(RATIO_CELL)
                .map(r -> Units.fixed(r.durableMegabytesPerSecond() / sequential.megabytesPerSecond(), 2))
                .orElse("n/a"));
    }

    private Optional<CellResult> find(StoreCell cell) {
        return cells.stream().filter(r -> r.cell().equals(cell)).findFirst();
    }
}
