package dev.junctionmq.bench.engine;

import dev.junctionmq.bench.ResultTable;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Units;
import dev.junctionmq.bench.store.CellResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the engine cells of one run, each with the store-only cell measured next to it, and prints them: a
 * table, then one summary line per cell ending in {@code ratio_to_store=}, and a loud line for every cell whose
 * count check failed.
 */
final class EngineReport {

    private record Row(EngineResult engine, CellResult store) {
        double ratioToStore() {
            return store.recordsPerSecond() <= 0 ? 0 : engine.consumedPerSecond() / store.recordsPerSecond();
        }
    }

    private final Path directory;
    private final Duration warmUp;
    private final Duration measure;
    private final int credit;
    private final List<Row> rows = new ArrayList<>();

    EngineReport(Path directory, Duration warmUp, Duration measure, int credit) {
        this.directory = directory;
        this.warmUp = warmUp;
        this.measure = measure;
        this.credit = credit;
    }

    void add(EngineResult engine, CellResult storeOnly) {
        rows.add(new Row(engine, storeOnly));
    }

    /** Whether every cell consumed each produced message exactly once. */
    boolean allExact() {
        return rows.stream().allMatch(r -> r.engine().exactlyOnce());
    }

    void print(PrintStream out) {
        out.printf("# junction-bench engine: %s; warm-up %s s, measure %s s per cell; in-process produce -> "
                        + "consume, one consumer group, credit %d per member; %d cpus; java %s%n",
                ScratchDirectory.describe(directory), Units.seconds(warmUp), Units.seconds(measure), credit,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        ResultTable table = new ResultTable("mode", "body", "queues", "producers", "consumers", "produced/s",
                "consumed/s", "e2e_p50_us", "e2e_p99_us", "e2e_p99.9_us", "send_p50_us", "store_records/s",
                "store_p50_us", "ratio_to_store", "lost", "duplicates");
        for (Row row : rows) {
            EngineResult e = row.engine();
            EngineCell c = e.cell();
            table.row(c.modeLabel(), Units.bytes(c.bodySize()), Integer.toString(c.queues()),
                    Integer.toString(c.producers()), Integer.toString(c.consumers()),
                    Units.fixed(e.producedPerSecond(), 0), Units.fixed(e.consumedPerSecond(), 0),
                    Units.micros(e.endToEnd().percentileNanos(50)), Units.micros(e.endToEnd().percentileNanos(99)),
                    Units.micros(e.endToEnd().percentileNanos(99.9)), Units.micros(e.send().percentileNanos(50)),
                    Units.fixed(row.store().recordsPerSecond(), 0), Units.micros(row.store().p50Nanos()),
                    Units.fixed(row.ratioToStore(), 2), Long.toString(e.lost()), Long.toString(e.duplicates()));
        }
        table.print(out);
        out.println("# produced/s, consumed/s: sends completed / deliveries received inside the window; e2e = "
                + "receive nanoTime - send nanoTime stamped in the body, for deliveries received inside the window");
        out.println("# send = engine.send().join(); store_* = MessageStore.append().join() alone, same producers, "
                + "window and flush mode; ratio_to_store = consumed/s / store_records/s");
        for (Row row : rows) {
            EngineResult e = row.engine();
            out.printf("engine %s %dp/%dc: produced=%d consumed=%d lost=%d duplicates=%d unexpected=%d "
                            + "drain_ms=%s per_consumer=%s e2e_max_us=%s ratio_to_store=%s%n",
                    e.cell().modeLabel(), e.cell().producers(), e.cell().consumers(), e.produced(), e.consumed(),
                    e.lost(), e.duplicates(), e.unexpected(), Units.fixed(e.drainNanos() / 1e6, 1),
                    e.perConsumer(), Units.micros(e.endToEnd().maxNanos()), Units.fixed(row.ratioToStore(), 2));
        }
        for (Row row : rows) {
            EngineResult e = row.engine();
            if (!e.exactlyOnce()) {
                out.printf("!!! COUNT CHECK FAILED engine %s: produced=%d consumed=%d distinct=%d LOST=%d "
                                + "DUPLICATES=%d UNEXPECTED=%d drained=%s%n",
                        e.cell(), e.produced(), e.consumed(), e.ledger().distinct(), e.lost(), e.duplicates(),
                        e.unexpected(), e.drained());
            }
        }
    }
}
