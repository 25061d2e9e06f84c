package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.ResultTable;
import dev.junctionmq.bench.Units;

import java.io.PrintStream;
import java.util.List;

/** Prints STOMP benchmark results: a header line saying what ran, one table row per broker, and any failure. */
final class StompReport {

    private StompReport() {
    }

    static void print(String subcommand, String setting, StompWorkload workload, List<StompResult> results,
                      PrintStream out) {
        out.printf("# junction-bench %s: %s; %d messages of %s after %d warm-up, 1 producer -> 1 consumer on %s; "
                        + "SEND persistent with a receipt each, window %d; ack client-individual, prefetch %d; "
                        + "%d cpus; java %s%n",
                subcommand, setting, workload.messages(), Units.bytes(workload.bodySize()), workload.warmup(),
                workload.destination(), workload.window(), workload.prefetch(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        ResultTable table = new ResultTable("broker", "received", "msgs/s", "p50_us", "p99_us", "p99.9_us", "max_us",
                "lost", "duplicates");
        for (StompResult r : results) {
            table.row(r.label(), Long.toString(r.received()), Units.fixed(r.messagesPerSecond(), 0),
                    Units.micros(r.latency().percentileNanos(50)), Units.micros(r.latency().percentileNanos(99)),
                    Units.micros(r.latency().percentileNanos(99.9)), Units.micros(r.latency().maxNanos()),
                    Long.toString(r.lost()), Long.toString(r.duplicates()));
        }
        table.print(out);
        out.println("# msgs/s = measured messages / (receive of the last - send of the first measured one); "
                + "latency = receive nanoTime - send nanoTime carried in a header");
        for (StompResult r : results) {
            if (!r.exact()) {
                out.printf("!!! %s: run failed or count check failed: received=%d of %d lost=%d duplicates=%d "
                        + "reason=%s%n", r.label(), r.received(), r.workload().messages(), r.lost(), r.duplicates(),
                        r.failure() == null ? "-" : r.failure());
            }
        }
    }
}
