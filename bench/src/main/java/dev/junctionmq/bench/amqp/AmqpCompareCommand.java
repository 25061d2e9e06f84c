package dev.junctionmq.bench.amqp;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.bench.Units;
import dev.junctionmq.bench.UsageException;
import dev.junctionmq.bench.peer.ArtemisPeer;
import dev.junctionmq.bench.peer.JunctionPeer;
import dev.junctionmq.broker.store.FlushMode;
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
 * {@code junction-bench amqp-compare}: the same Qpid JMS workload ({@link AmqpLoad}) against an in-process Junction
 * broker and an embedded Apache ActiveMQ Artemis, one broker at a time, each cell on a freshly started broker with
 * a fresh data directory and the same durability, alternating Junction and Artemis. Cells: producers x consumers
 * (default 1x1 and 4x4) times send mode (default sync, Qpid JMS's default for persistent sends, and async). Prints
 * every run, then per cell both mean msgs/s, both worst p99 latencies and {@code ratio=} Junction ÷ Artemis msgs/s.
 * Exits 1 if any run failed or lost or duplicated a message.
 */
public final class AmqpCompareCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(AmqpCompareCommand.class);

    @Override
    public String name() {
        return "amqp-compare";
    }

    @Override
    public String summary() {
        return "Qpid JMS persistent queue load against Junction and an embedded Artemis in one run; msgs/s ratio";
    }

    @Override
    public List<String> optionHelp() {
        return List.of(
                "--durability D      sync (default): a persistent send is settled once on disk (Junction",
                "                    SYNC_FLUSH, Artemis journal sync, its default); async: neither waits for the",
                "                    disk (Junction ASYNC_FLUSH, Artemis journal sync off)",
                "--clients LIST      producers = consumers per cell, each on its own connection (default 1,4)",
                "--modes LIST        sync: Qpid JMS's default for persistent sends (wait for the settlement);",
                "                    async: jms.forceAsyncSend=true (default sync,async)",
                "--messages N        measured messages per cell (default 20000)",
                "--warmup N          messages sent and received first, not measured (default 5000)",
                "--size BYTES        body size (default 1024)",
                "--rounds N          every cell on Junction then Artemis, N times (default 1)",
                "--timeout-seconds N a run fails after this long without progress (default 60)",
                "--dir DIR           parent of the brokers' scratch directory (default: java.io.tmpdir); deleted after");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Options options = Options.parse(args, Set.of("durability", "clients", "modes", "messages", "warmup", "size",
                "rounds", "timeout-seconds", "dir"), Set.of());
        boolean sync = switch (options.string("durability", "sync").toLowerCase(Locale.ROOT)) {
            case "sync" -> true;
            case "async" -> false;
            default -> throw new UsageException("--durability is sync or async");
        };
        int rounds = options.integer("rounds", 1);
        if (rounds < 1) {
            throw new UsageException("--rounds must be at least 1");
        }
        List<AmqpWorkload> cells = cells(options);
        Path parent = Path.of(options.string("dir", System.getProperty("java.io.tmpdir")));
        FlushMode flushMode = sync ? FlushMode.SYNC_FLUSH : FlushMode.ASYNC_FLUSH;

        List<AmqpLoadResult> all = new ArrayList<>();
        try (ScratchDirectory scratch = ScratchDirectory.createIn(parent, "junction-bench-amqp-compare-")) {
            int run = 0;
            for (int round = 1; round <= rounds; round++) {
                for (AmqpWorkload cell : cells) {
                    run++;
                    Path junctionDir = scratch.path().resolve("junction-" + run);
                    log.info("round {}/{}, {}: Junction ({})", round, rounds, cell.describe(), flushMode);
                    try (JunctionPeer broker = JunctionPeer.start(junctionDir, flushMode)) {
                        all.add(logged(AmqpLoad.run("junction", broker.address("amqp"), cell)));
                    } finally {
                        ScratchDirectory.deleteRecursively(junctionDir);
                    }
                    Path artemisDir = scratch.path().resolve("artemis-" + run);
                    log.info("round {}/{}, {}: Artemis (journal sync {})", round, rounds, cell.describe(),
                            sync ? "on" : "off");
                    try (ArtemisPeer broker = ArtemisPeer.start(artemisDir, Set.of(ArtemisPeer.Protocol.AMQP), sync)) {
                        all.add(logged(AmqpLoad.run("artemis", broker.address(ArtemisPeer.Protocol.AMQP), cell)));
                    } finally {
                        ScratchDirectory.deleteRecursively(artemisDir);
                    }
                }
            }
            String setting = String.format(Locale.ROOT, "Junction %s vs Artemis %s (NIO journal, sync %s), both in "
                            + "this JVM with the Qpid JMS clients, %s; %d round(s)", flushMode, artemisVersion(),
                    sync ? "on" : "off", ScratchDirectory.describe(scratch.path()), rounds);
            AmqpCompareReport.print(name(), setting, cells, all, out);
        }
        return all.stream().allMatch(AmqpLoadResult::exact) ? 0 : 1;
    }

    private static List<AmqpWorkload> cells(Options options) {
        List<Integer> clients = options.list("clients", List.of(1, 4), Integer::parseInt);
        List<String> modes = options.list("modes", List.of("sync", "async"), m -> m.toLowerCase(Locale.ROOT));
        int messages = options.integer("messages", 20_000);
        int warmup = options.integer("warmup", 5_000);
        int size = options.integer("size", 1024);
        Duration timeout = Duration.ofSeconds(options.integer("timeout-seconds", 60));
        List<AmqpWorkload> cells = new ArrayList<>();
        try {
            for (int n : clients) {
                for (String mode : modes) {
                    if (!mode.equals("sync") && !mode.equals("async")) {
                        throw new UsageException("--modes takes sync and/or async");
                    }
                    cells.add(new AmqpWorkload(n, mode.equals("async"), messages, warmup, size, timeout));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return cells;
    }

    private static AmqpLoadResult logged(AmqpLoadResult result) {
        log.info("  {} {}: {} msgs/s, p99 {} us, lost {}, duplicates {}{}", result.broker(),
                result.workload().describe(), Units.fixed(result.messagesPerSecond(), 0),
                Units.micros(result.p99Nanos()), result.lost(), result.duplicates(),
                result.failure() == null ? "" : ", FAILED: " + result.failure());
        return result;
    }

    /** Artemis's version from its jar manifest, for the report's header line. */
    private static String artemisVersion() {
        Package p = org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "(version unknown)" : version;
    }
}
