package dev.junctionmq.bench.store;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.bench.UsageException;
import dev.junctionmq.bench.Units;
import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.broker.store.FlushMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** {@code junction-bench store}: the store's append throughput and latency next to the raw disk's. */
public final class StoreCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(StoreCommand.class);
    private static final long MIN_SEQUENTIAL_BYTES = 256 * Units.MIB;

    @Override
    public String name() {
        return "store";
    }

    @Override
    public String summary() {
        return "commit-log append throughput/latency (ASYNC and SYNC flush) vs. raw FileChannel baselines";
    }

    @Override
    public List<String> optionHelp() {
        return List.of(
                "--dir DIR          parent of the scratch directory (default: java.io.tmpdir); deleted after",
                "--seconds N        measurement per cell in seconds (default 3)",
                "--warmup-seconds N warm-up per cell in seconds (default 1)",
                "--quick            1 s measurement, 0.5 s warm-up per cell",
                "--segment-mb N     commit-log segment size in MiB (default 1024)",
                "--modes LIST       async,sync (default both)",
                "--sizes LIST       body sizes in bytes (default 100,1024,16384)",
                "--producers LIST   producer counts (default 1,4,16); each producer has one send in flight",
                "--producer-threads N  producers are sessions on N shared threads, as the broker's network threads"
                        + " serve client connections (default: the broker's default network.ioThreads, half the cores,"
                        + " at least 1); 0: a thread per producer, blocking on each send",
                "--raw-mb N         MiB for the raw sequential baseline (default: what the 1 KiB ASYNC"
                        + " 16-producer cell wrote, at least 256)",
                "--no-preallocate   store.commitlog.preallocate=false (nothing prepared ahead), for A/B runs",
                "--async-flush-mb N ASYNC cells force once N MiB are unforced (store.flush.thresholdBytes, 16)");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Options options = Options.parse(args,
                Set.of("dir", "seconds", "warmup-seconds", "segment-mb", "modes", "sizes", "producers", "raw-mb",
                        "async-flush-mb", "producer-threads"),
                Set.of("quick", "no-preallocate"));
        boolean quick = options.flag("quick");
        Duration measure = seconds(options.number("seconds", quick ? 1 : 3), "seconds", false);
        Duration warmUp = seconds(options.number("warmup-seconds", quick ? 0.5 : 1), "warmup-seconds", true);
        int segmentMb = options.integer("segment-mb", 1024);
        if (segmentMb < 1 || segmentMb > 2047) {
            throw new UsageException("--segment-mb must be between 1 and 2047");
        }
        if (options.has("raw-mb") && options.integer("raw-mb", 0) < 1) {
            throw new UsageException("--raw-mb must be at least 1");
        }
        List<StoreCell> cells = cells(options);
        Path parent = Path.of(options.string("dir", System.getProperty("java.io.tmpdir")));
        int asyncFlushMb = options.integer("async-flush-mb", 16);
        if (asyncFlushMb < 1) {
            throw new UsageException("--async-flush-mb must be at least 1");
        }
        int producerThreads = options.integer("producer-threads", Broker.defaultIoThreads());
        if (producerThreads < 0) {
            throw new UsageException("--producer-threads must be 0 (a thread per producer) or more");
        }
        StoreBenchmark benchmark = new StoreBenchmark(warmUp, measure, segmentMb * (int) Units.MIB,
                !options.flag("no-preallocate"), asyncFlushMb * Units.MIB, producerThreads);

        try (ScratchDirectory scratch = ScratchDirectory.createIn(parent, "junction-bench-")) {
            StoreReport report = new StoreReport(scratch.path(), warmUp, measure, segmentMb, producerThreads);
            boolean baselinesDone = false;
            for (int i = 0; i < cells.size(); i++) {
                StoreCell cell = cells.get(i);
                // The raw baselines run between the ASYNC and SYNC cells, next to the cells they are compared with.
                if (!baselinesDone && cell.mode() == FlushMode.SYNC_FLUSH) {
                    runBaselines(options, scratch.path(), measure, report);
                    baselinesDone = true;
                }
                log.info("cell {}/{}: {}", i + 1, cells.size(), cell);
                Path cellDirectory = scratch.path().resolve(String.format(Locale.ROOT, "cell-%02d", i));
                report.add(runCell(benchmark, cell, cellDirectory));
            }
            if (!baselinesDone) {
                runBaselines(options, scratch.path(), measure, report);
            }
            report.print(out);
        }
        return 0;
    }

    private static CellResult runCell(StoreBenchmark benchmark, StoreCell cell, Path directory) throws Exception {
        try {
            CellResult result = benchmark.run(cell, directory);
            log.info("  {} records/s, {} MB/s (durable {}), p50 {} us, p99 {} us, close {} ms",
                    Units.fixed(result.recordsPerSecond(), 0), Units.fixed(result.megabytesPerSecond(), 1),
                    Units.fixed(result.durableMegabytesPerSecond(), 1), Units.micros(result.p50Nanos()),
                    Units.micros(result.p99Nanos()), result.closeNanos() / 1_000_000);
            return result;
        } finally {
            ScratchDirectory.deleteRecursively(directory);
        }
    }

    /** Enough prepared blocks for the overwrite loop to run its whole measurement on any disk we have seen. */
    private static final long OVERWRITE_PREPARED_BYTES = 256 * Units.MIB;

    private static void runBaselines(Options options, Path directory, Duration measure, StoreReport report)
            throws IOException {
        RawDiskBenchmark raw = new RawDiskBenchmark(directory);
        long sequentialBytes = options.has("raw-mb") ? options.integer("raw-mb", 0) * Units.MIB
                : Math.max(MIN_SEQUENTIAL_BYTES, report.ratioCellLogBytes());
        log.info("raw sequential write of {}", Units.bytes(sequentialBytes));
        report.sequential(raw.sequentialWrite(sequentialBytes));
        log.info("raw 4 KiB write + force loop for {} s", measure.toMillis() / 1000.0);
        report.fsync(raw.writeFsyncLoop(measure));
        log.info("raw 4 KiB overwrite + force loop for {} s", measure.toMillis() / 1000.0);
        report.overwriteFsync(raw.overwriteFsyncLoop(measure, OVERWRITE_PREPARED_BYTES));
    }

    private static List<StoreCell> cells(Options options) {
        List<FlushMode> modes = options.list("modes", List.of(FlushMode.ASYNC_FLUSH, FlushMode.SYNC_FLUSH),
                StoreCommand::mode);
        List<Integer> sizes = options.list("sizes", List.of(100, 1024, 16 * 1024), Integer::parseInt);
        List<Integer> producers = options.list("producers", List.of(1, 4, 16), Integer::parseInt);
        List<StoreCell> cells = new ArrayList<>();
        for (FlushMode mode : modes) {
            for (int size : sizes) {
                for (int count : producers) {
                    try {
                        cells.add(new StoreCell(mode, size, count));
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
            }
        }
        return cells;
    }

    /** {@code async}/{@code sync} (or the enum names), any case; also used by the engine subcommand. */
    public static FlushMode mode(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "async", "async_flush" -> FlushMode.ASYNC_FLUSH;
            case "sync", "sync_flush" -> FlushMode.SYNC_FLUSH;
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** A seconds option as a duration in (0, 3600], or [0, 3600] if {@code zeroAllowed}. */
    public static Duration seconds(double value, String option, boolean zeroAllowed) {
        boolean inRange = zeroAllowed ? value >= 0 : value > 0;
        if (!inRange || !(value <= 3600)) {
            throw new UsageException("--" + option + " must be in " + (zeroAllowed ? "[" : "(") + "0, 3600]");
        }
        return Duration.ofNanos((long) (value * 1e9));
    }
}
