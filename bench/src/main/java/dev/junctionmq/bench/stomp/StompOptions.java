package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.UsageException;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The workload options shared by {@code stomp} and {@code stomp-compare}, with their help lines. */
final class StompOptions {

    static final Set<String> WORKLOAD_OPTIONS = Set.of("messages", "warmup", "size", "window", "prefetch",
            "destination", "login", "passcode", "timeout-seconds");

    static final List<String> HELP = List.of(
            "--messages N        measured messages (default 100000)",
            "--warmup N          messages sent first and not measured (default 20000)",
            "--size BYTES        body size (default 1024)",
            "--window N          SENDs without a RECEIPT yet, at most (default 1000)",
            "--prefetch N        unacknowledged messages per subscription, at most (default 1000)",
            "--destination D     (default /queue/junction-bench-<random>)",
            "--login L --passcode P   credentials for CONNECT (default none)",
            "--timeout-seconds N how long to wait for the broker before failing (default 60)");

    private StompOptions() {
    }

    static StompWorkload workload(Options options, String host, int port) {
        try {
            return new StompWorkload(host, port,
                    options.string("destination", "/queue/junction-bench-" + UUID.randomUUID().toString().substring(0, 8)),
                    options.integer("messages", 100_000), options.integer("warmup", 20_000),
                    options.integer("size", 1024), options.integer("window", 1000),
                    options.integer("prefetch", 1000), options.string("login", null), options.string("passcode", null),
                    Duration.ofSeconds(options.integer("timeout-seconds", 60)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
