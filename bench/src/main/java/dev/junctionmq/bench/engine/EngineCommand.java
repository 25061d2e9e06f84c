package dev.junctionmq.bench.engine;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.bench.UsageException;
import dev.junctionmq.bench.Units;
import dev.junctionmq.bench.store.CellResult;
import dev.junctionmq.bench.store.StoreBenchmark;
import dev.junctionmq.bench.store.StoreCell;
import dev.junctionmq.bench.store.StoreCommand;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.StoreConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code junction-bench engine}: in-process produce → consume through the engine, next to the store's own append
 * rate with the same producers. Exits 1 if any cell lost or duplicated a message.
 */
public final class EngineCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(EngineCommand.class);
    private static final int BODY_SIZE = 1024;

    @Override
    public String name() {
        return "engine";
    }

    @Override
    public String summary() {
        return "engine produce->consume of 1 KiB messages (throughput, end-to-end latency, exactly-once count) "
                + "vs. store-only appends";
    }

    @Override
    public List<String> optionHelp() {
        return List.of(
                "--dir DIR           parent of the scratch directory (default: java.io.tmpdir); deleted after",
                "--seconds N         measurement per cell in seconds (default 5)",
                "--warmup-seconds N  warm-up per cell in seconds (default 1)",
                "--quick             1 s measurement, 0.5 s warm-up per cell",
                "--modes LIST        async,sync (default async)",
                "--clients LIST      producers = consumers per cell (default 1,4)",
                "--queues N          queues of the topic (default 8)",
                "--credit N          initial credit per consumer; one more per acknowledged delivery (default 256)",
                "--drain-seconds N   how long to wait after the window for every message to arrive (default 30)");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Options options = Options.parse(args, Set.of("dir", "seconds", "warmup-seconds", "modes", "clients",
                "queues", "credit", "drain-seconds"), Set.of("quick"));
        boolean quick = options.flag("quick");
        Duration measure = StoreCommand.seconds(options.number("seconds", quick ? 1 : 5), "seconds", false);
        Duration warmUp = StoreCommand.seconds(options.number("warmup-seconds", quick ? 0.5 : 1), "warmup-seconds",
                true);
        Duration drain = StoreCommand.seconds(options.number("drain-seconds", 30), "drain-seconds", false);
        int credit = options.integer("credit", 256);
        if (credit < 1) {
            throw new UsageException("--credit must be at least 1");
        }
        List<EngineCell> cells = cells(options);
        Path parent = Path.of(options.string("dir", System.getProperty("java.io.tmpdir")));
        EngineBenchmark engineBenchmark = new EngineBenchmark(warmUp, measure, drain, credit);
        StoreBenchmark storeBenchmark = new StoreBenchmark(warmUp, measure,
                StoreConfig.DEFAULT_COMMIT_LOG_SEGMENT_SIZE, true, 16L * 1024 * 1024);

        try (ScratchDirectory scratch = ScratchDirectory.createIn(parent, "junction-bench-engine-")) {
            EngineReport report = new EngineReport(scratch.path(), warmUp, measure, credit);
            for (int i = 0; i < cells.size(); i++) {
                EngineCell cell = cells.get(i);
                log.info("cell {}/{}: engine {}", i + 1, cells.size(), cell);
                EngineResult engine = runEngine(engineBenchmark, cell, scratch.path().resolve(cellName(i, "engine")));
                StoreCell storeCell = new StoreCell(cell.mode(), cell.bodySize(), cell.producers());
                log.info("cell {}/{}: store only {}", i + 1, cells.size(), storeCell);
                CellResult store = runStore(storeBenchmark, storeCell, scratch.path().resolve(cellName(i, "store")));
                report.add(engine, store);
            }
            report.print(out);
            return report.allExact() ? 0 : 1;
        }
    }

    private static EngineResult runEngine(EngineBenchmark benchmark, EngineCell cell, Path directory)
            throws InterruptedException {
        try {
            EngineResult r = benchmark.run(cell, directory);
            log.info("  produced {}/s, consumed {}/s, e2e p50 {} us, p99 {} us; produced {} consumed {} lost {} "
                            + "duplicates {}", Units.fixed(r.producedPerSecond(), 0),
                    Units.fixed(r.consumedPerSecond(), 0), Units.micros(r.endToEnd().percentileNanos(50)),
                    Units.micros(r.endToEnd().percentileNanos(99)), r.produced(), r.consumed(), r.lost(),
                    r.duplicates());
            if (!r.exactlyOnce()) {
                log.error("COUNT CHECK FAILED in {}: produced {} consumed {} lost {} duplicates {} unexpected {}",
                        cell, r.produced(), r.consumed(), r.lost(), r.duplicates(), r.unexpected());
            }
            return r;
        } finally {
            ScratchDirectory.deleteRecursively(directory);
        }
    }

    private static CellResult runStore(StoreBenchmark benchmark, StoreCell cell, Path directory) throws Exception {
        try {
            CellResult r = benchmark.run(cell, directory);
            log.info("  store only: {} records/s, p50 {} us", Units.fixed(r.recordsPerSecond(), 0),
                    Units.micros(r.p50Nanos()));
            return r;
        } finally {
            ScratchDirectory.deleteRecursively(directory);
        }
    }

    private static String cellName(int index, String kind) {
        return String.format(Locale.ROOT, "cell-%02d-%s", index, kind);
    }

    private static List<EngineCell> cells(Options options) {
        List<FlushMode> modes = options.list("modes", List.of(FlushMode.ASYNC_FLUSH), StoreCommand::mode);
        List<Integer> clients = options.list("clients", List.of(1, 4), Integer::parseInt);
        int queues = options.integer("queues", 8);
        List<EngineCell> cells = new ArrayList<>();
        for (FlushMode mode : modes) {
            for (int count : clients) {
                try {
                    cells.add(new EngineCell(mode, count, count, queues, BODY_SIZE));
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
        }
        return cells;
    }
}
