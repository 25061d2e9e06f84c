package dev.junctionmq.bench.amqp;

import dev.junctionmq.bench.ResultTable;
import dev.junctionmq.bench.Units;

import java.io.PrintStream;
import java.util.List;

/**
 * Prints {@code amqp-compare} results: a header saying what ran, one row per run, then one line per cell with both
 * brokers' mean msgs/s, worst p99 over the rounds and {@code ratio=} Junction ÷ Artemis msgs/s, then any failure.
 */
final class AmqpCompareReport {

    private AmqpCompareReport() {
    }

    static void print(String subcommand, String setting, List<AmqpWorkload> cells, List<AmqpLoadResult> results,
                      PrintStream out) {
        AmqpWorkload first = cells.get(0);
        out.printf("# junction-bench %s: %s; per cell %d measured messages of %s after %d warm-up, persistent "
                        + "BytesMessages to one queue; NxN = N producers and N consumers, each on its own Qpid JMS "
                        + "connection; consumers: MessageListener, AUTO_ACKNOWLEDGE, default prefetch; %d cpus; "
                        + "java %s%n",
                subcommand, setting, first.messages(), Units.bytes(first.bodySize()), first.warmup(),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        ResultTable table = new ResultTable("broker", "cell", "received", "msgs/s", "p50_us", "p99_us", "p99.9_us",
                "max_us", "lost", "duplicates");
        for (AmqpLoadResult r : results) {
            table.row(r.broker(), r.workload().describe(), Long.toString(r.received()),
                    Units.fixed(r.messagesPerSecond(), 0), Units.micros(r.latency().percentileNanos(50)),
                    Units.micros(r.p99Nanos()), Units.micros(r.latency().percentileNanos(99.9)),
                    Units.micros(r.latency().maxNanos()), Long.toString(r.lost()), Long.toString(r.duplicates()));
        }
        table.print(out);
        out.println("# msgs/s = measured messages / (receipt of the last - first measured send); latency = receive "
                + "nanoTime - send nanoTime carried in a property");
        for (AmqpWorkload cell : cells) {
            List<AmqpLoadResult> junction = of(results, cell, "junction");
            List<AmqpLoadResult> artemis = of(results, cell, "artemis");
            double junctionRate = mean(junction);
            double artemisRate = mean(artemis);
            out.printf("cell=%s junction_msgs_per_s=%s artemis_msgs_per_s=%s junction_p99_us=%s artemis_p99_us=%s "
                            + "ratio=%s%n", cell.describe().replace(' ', '-'), Units.fixed(junctionRate, 0),
                    Units.fixed(artemisRate, 0), worstP99(junction), worstP99(artemis),
                    Units.fixed(artemisRate <= 0 ? 0 : junctionRate / artemisRate, 2));
        }
        for (AmqpLoadResult r : results) {
            if (!r.exact()) {
                out.printf("!!! %s %s: run failed or count check failed: received=%d of %d lost=%d duplicates=%d "
                                + "reason=%s%n", r.broker(), r.workload().describe(), r.received(),
                        r.workload().measuredTotal(), r.lost(), r.duplicates(),
                        r.failure() == null ? "-" : r.failure());
            }
        }
    }

    private static List<AmqpLoadResult> of(List<AmqpLoadResult> results, AmqpWorkload cell, String broker) {
        return results.stream().filter(r -> r.workload().equals(cell) && r.broker().equals(broker)).toList();
    }

    private static double mean(List<AmqpLoadResult> results) {
        return results.stream().mapToDouble(AmqpLoadResult::messagesPerSecond).average().orElse(0);
    }

    private static String worstP99(List<AmqpLoadResult> results) {
        return Units.micros(results.stream().mapToLong(AmqpLoadResult::p99Nanos).max().orElse(0));
    }
}
