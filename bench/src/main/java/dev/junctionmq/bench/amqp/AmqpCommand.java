package dev.junctionmq.bench.amqp;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.ResultTable;
import dev.junctionmq.bench.ScratchDirectory;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code junction-bench amqp}: an in-process broker and Apache Qpid JMS over its AMQP 1.0 port on loopback; one
 * producer sends persistent messages to a queue while one consumer receives them, for each send mode. Counts every
 * message (exits 1 if any is lost, duplicated or out of order).
 */
public final class AmqpCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(AmqpCommand.class);

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public String summary() {
        return "AMQP 1.0 with Qpid JMS on loopback: persistent queue send -> receive, throughput and exact counts";
    }

    @Override
    public List<String> optionHelp() {
        return List.of(
                "--dir DIR           parent of the scratch directory (default: java.io.tmpdir); deleted after",
                "--messages N        messages per cell (default 20000)",
                "--size BYTES        body size (default 1024)",
                "--modes LIST        sync,async: Qpid JMS waits for each send's disposition, or not (default both)",
                "--sequential        send everything first, then consume (receive rate alone, not end to end)");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Options options = Options.parse(args, Set.of("dir", "messages", "size", "modes"), Set.of("sequential"));
        int messages = options.integer("messages", 20_000);
        int size = options.integer("size", 1024);
        List<String> modes = options.list("modes", List.of("sync", "async"), m -> m.toLowerCase(Locale.ROOT));
        Path parent = Path.of(options.string("dir", System.getProperty("java.io.tmpdir")));
        boolean sequential = options.flag("sequential");
        ResultTable table = new ResultTable("sends", "messages", "bytes", "send msg/s",
                sequential ? "receive msg/s" : "end-to-end msg/s",
                "received", "lost", "duplicates", "out of order");
        boolean exact = true;
        try (ScratchDirectory scratch = ScratchDirectory.createIn(parent, "junction-bench-amqp-")) {
            out.println("AMQP bench: " + ScratchDirectory.describe(scratch.path()));
            for (String mode : modes) {
                Path data = scratch.path().resolve(mode);
                try (Broker broker = Broker.start(config(data))) {
                    AmqpRun.Result r = new AmqpRun(broker.listeners().get("amqp").get(0), mode.equals("async"),
                            messages, size, sequential).run();
                    log.info("amqp {} sends: {}", mode, r);
                    exact &= r.lost() == 0 && r.duplicates() == 0 && r.outOfOrder() == 0;
                    table.row(mode, Integer.toString(messages), Integer.toString(size),
                            Long.toString(r.sendRate()), Long.toString(r.endToEndRate()),
                            Integer.toString(r.received()), Integer.toString(r.lost()),
                            Integer.toString(r.duplicates()), Integer.toString(r.outOfOrder()));
                } finally {
                    ScratchDirectory.deleteRecursively(data);
                }
            }
        }
        table.print(out);
        return exact ? 0 : 1;
    }

    private static BrokerConfig config(Path data) {
        return BrokerConfig.load(null).with(BrokerConfig.DATA_DIR, data.toString())
                .with(BrokerConfig.HTTP_PORT, "0").with(BrokerConfig.NETWORK_HOST, "127.0.0.1")
                .with(BrokerConfig.DEFAULT_QUEUES, "1") // one queue: the order can be checked
                .with("amqp.port", "0").with("stomp.port", "0").with("mqtt.port", "0").with("native.port", "0")
                .with("nameserver.embedded", "false");
    }
}
