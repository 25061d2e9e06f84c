package dev.junctionmq.bench;

import dev.junctionmq.bench.amqp.AmqpCommand;
import dev.junctionmq.bench.amqp.AmqpCompareCommand;
import dev.junctionmq.bench.engine.EngineCommand;
import dev.junctionmq.bench.stomp.StompCommand;
import dev.junctionmq.bench.stomp.StompCompareCommand;
import dev.junctionmq.bench.mqtt.MqttCommand;
import dev.junctionmq.bench.store.StoreCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Entry point of {@code junction-bench <subcommand> [options]}. */
public final class BenchMain {

    private static final Logger log = LoggerFactory.getLogger(BenchMain.class);

    /** Subcommands by name, in the order the usage text lists them. Add new benchmarks here. */
    private static final List<Subcommand> SUBCOMMANDS = List.of(
            new StoreCommand(),
            new EngineCommand(),
            new StompCommand(),
            new StompCompareCommand(),
            new MqttCommand(),
            new AmqpCommand(),
            new AmqpCompareCommand());

    private BenchMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Subcommand> table = new LinkedHashMap<>();
        SUBCOMMANDS.forEach(s -> table.put(s.name(), s));
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            printUsage(table, args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        Subcommand subcommand = table.get(args[0]);
        if (subcommand == null) {
            err.println("junction-bench: unknown subcommand '" + args[0] + "'");
            printUsage(table, err);
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return subcommand.run(rest, out);
        } catch (UsageException e) {
            err.println("junction-bench " + subcommand.name() + ": " + e.getMessage());
            printUsage(Map.of(subcommand.name(), subcommand), err);
            return 2;
        } catch (Exception e) {
            log.error("junction-bench {} failed", subcommand.name(), e);
            return 1;
        }
    }

    private static void printUsage(Map<String, Subcommand> table, PrintStream stream) {
        stream.println("usage: junction-bench <subcommand> [options]");
        stream.println();
        stream.println("subcommands:");
        for (Subcommand s : table.values()) {
            stream.printf("  %-10s %s%n", s.name(), s.summary());
            for (String line : s.optionHelp()) {
                stream.println("      " + line);
            }
        }
    }
}
