package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.bench.UsageException;
import dev.junctionmq.bench.Units;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code junction-bench stomp --host H --port P}: the STOMP send → receive benchmark against any running broker.
 * Exits 1 if the run failed or lost or duplicated a message.
 */
public final class StompCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(StompCommand.class);

    @Override
    public String name() {
        return "stomp";
    }

    @Override
    public String summary() {
        return "1 KiB STOMP SEND (receipted) -> SUBSCRIBE ack client-individual against any broker: msgs/s and p99";
    }

    @Override
    public List<String> optionHelp() {
        List<String> help = new ArrayList<>(List.of(
                "--host H            broker host (default 127.0.0.1)",
                "--port P            broker STOMP port (required)"));
        help.addAll(StompOptions.HELP);
        return help;
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Set<String> valued = new HashSet<>(StompOptions.WORKLOAD_OPTIONS);
        valued.addAll(Set.of("host", "port"));
        Options options = Options.parse(args, valued, Set.of());
        if (!options.has("port")) {
            throw new UsageException("--port is required");
        }
        String host = options.string("host", "127.0.0.1");
        StompWorkload workload = StompOptions.workload(options, host, options.integer("port", 0));
        log.info("STOMP benchmark against {}:{}", host, workload.port());
        StompResult result = StompBenchmark.run(host + ":" + workload.port(), workload);
        log.info("  {} msgs/s, p99 {} us", Units.fixed(result.messagesPerSecond(), 0),
                Units.micros(result.latency().percentileNanos(99)));
        StompReport.print(name(), "broker " + host + ":" + workload.port(), workload, List.of(result), out);
        return result.exact() ? 0 : 1;
    }
}
