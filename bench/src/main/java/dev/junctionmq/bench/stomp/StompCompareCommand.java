package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.bench.UsageException;
import dev.junctionmq.bench.Units;
import dev.junctionmq.bench.peer.ArtemisPeer;
import dev.junctionmq.bench.peer.JunctionPeer;
import dev.junctionmq.broker.store.FlushMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * {@code junction-bench stomp-compare}: the {@code stomp} workload against an in-process Junction broker and then an
 * embedded Apache ActiveMQ Artemis, one at a time, each with a fresh data directory and the same durability, in
 * alternating rounds. Prints both results and, last, {@code ratio=} Junction msgs/s ÷ Artemis msgs/s (means over
 * the rounds). Exits 1 if any run failed or lost or duplicated a message.
 */
public final class StompCompareCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(StompCompareCommand.class);

    @Override
    public String name() {
        return "stomp-compare";
    }

    @Override
    public String summary() {
        return "the stomp workload against Junction and an embedded Artemis in one run; ratio of msgs/s";
    }

    @Override
    public List<String> optionHelp() {
        List<String> help = new ArrayList<>(List.of(
                "--durability D      sync (default): a SEND is receipted once on disk (Junction SYNC_FLUSH,",
                "                    Artemis journal sync, its default); async: both write without waiting",
                "                    for the disk (Junction ASYNC_FLUSH, Artemis journal sync off)",
                "--rounds N          Junction then Artemis, N times (default 1)",
                "--dir DIR           parent of the brokers' scratch directory (default: java.io.tmpdir); deleted after"));
        help.addAll(StompOptions.HELP);
        return help;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Set<String> valued = new HashSet<>(StompOptions.WORKLOAD_OPTIONS);
        valued.addAll(Set.of("durability", "rounds", "dir"));
        Options options = Options.parse(args, valued, Set.of());
        boolean sync = switch (options.string("durability", "sync").toLowerCase(Locale.ROOT)) {
            case "sync" -> true;
            case "async" -> false;
            default -> throw new UsageException("--durability is sync or async");
        };
        int rounds = options.integer("rounds", 1);
        if (rounds < 1) {
            throw new UsageException("--rounds must be at least 1");
        }
        StompWorkload workload = StompOptions.workload(options, "127.0.0.1", 61613);
        Path parent = Path.of(options.string("dir", System.getProperty("java.io.tmpdir")));
        FlushMode flushMode = sync ? FlushMode.SYNC_FLUSH : FlushMode.ASYNC_FLUSH;

        List<StompResult> junction = new ArrayList<>();
        List<StompResult> artemis = new ArrayList<>();
        try (ScratchDirectory scratch = ScratchDirectory.createIn(parent, "junction-bench-stomp-")) {
            for (int round = 1; round <= rounds; round++) {
                Path junctionDir = scratch.path().resolve("junction-" + round);
                log.info("round {}/{}: Junction ({})", round, rounds, flushMode);
                try (JunctionPeer broker = JunctionPeer.start(junctionDir, flushMode)) {
                    junction.add(runAgainst("junction", broker.address("stomp"), workload));
                } finally {
                    ScratchDirectory.deleteRecursively(junctionDir);
                }
                Path artemisDir = scratch.path().resolve("artemis-" + round);
                log.info("round {}/{}: Artemis (journal sync {})", round, rounds, sync ? "on" : "off");
                try (ArtemisPeer broker = ArtemisPeer.start(artemisDir, Set.of(ArtemisPeer.Protocol.STOMP), sync)) {
                    artemis.add(runAgainst("artemis", broker.address(ArtemisPeer.Protocol.STOMP), workload));
                } finally {
                    ScratchDirectory.deleteRecursively(artemisDir);
                }
            }
            List<StompResult> all = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                all.add(junction.get(i));
                all.add(artemis.get(i));
            }
            String setting = String.format(Locale.ROOT, "Junction %s vs Artemis %s (NIO journal, sync %s), both "
                            + "in this JVM, %s; %d round(s)", flushMode, artemisVersion(), sync ? "on" : "off",
                    ScratchDirectory.describe(scratch.path()), rounds);
            StompReport.print(name(), setting, workload, all, out);
            double junctionRate = mean(junction, StompResult::messagesPerSecond);
            double artemisRate = mean(artemis, StompResult::messagesPerSecond);
            out.printf("junction_msgs_per_s=%s artemis_msgs_per_s=%s junction_p99_us=%s artemis_p99_us=%s%n",
                    Units.fixed(junctionRate, 0), Units.fixed(artemisRate, 0), worstP99(junction), worstP99(artemis));
            out.println("ratio=" + Units.fixed(artemisRate <= 0 ? 0 : junctionRate / artemisRate, 2));
            return all.stream().allMatch(StompResult::exact) ? 0 : 1;
        }
    }

    private static StompResult runAgainst(String label, InetSocketAddress address, StompWorkload workload)
            throws Exception {
        StompResult result = StompBenchmark.run(label, workload.at(address.getHostString(), address.getPort()));
        log.info("  {}: {} msgs/s, p99 {} us, lost {}, duplicates {}{}", label,
                Units.fixed(result.messagesPerSecond(), 0), Units.micros(result.latency().percentileNanos(99)),
                result.lost(), result.duplicates(), result.failure() == null ? "" : ", FAILED: " + result.failure());
        return result;
    }

    private static double mean(List<StompResult> results, ToDoubleFunction<StompResult> value) {
        return results.stream().mapToDouble(value).average().orElse(0);
    }

    /** The highest p99 of the rounds, in microseconds. */
    private static String worstP99(List<StompResult> results) {
        return Units.micros(results.stream().mapToLong(r -> r.latency().percentileNanos(99)).max().orElse(0));
    }

    /** Artemis's version from its jar manifest, for the report's header line. */
    private static String artemisVersion() {
        Package p = org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "(version unknown)" : version;
    }
}
