package dev.junctionmq.nameserver;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The {@code bin/junction-nameserver} process:
 * {@code junction-nameserver [--port 9876] [--host 0.0.0.0] [--broker-expiry-seconds 120]}. SIGTERM or SIGINT
 * closes the server and exits 0; bad arguments print the usage and exit 2.
 */
public final class NameServerMain {

    private static final Logger log = LoggerFactory.getLogger(NameServerMain.class);
    private static final String USAGE =
            "usage: junction-nameserver [--port PORT] [--host HOST] [--broker-expiry-seconds SECONDS]\n"
            + "  --port                   port to listen on (default 9876)\n"
            + "  --host                   address to bind (default 0.0.0.0, all interfaces)\n"
            + "  --broker-expiry-seconds  drop brokers that have not re-registered for this long (default 120)";

    private NameServerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        NameServer server;
        try {
            server = parse(args).build();
        } catch (IllegalArgumentException e) {
            if (!"help".equals(e.getMessage())) {
                System.err.println("junction-nameserver: " + e.getMessage());
            }
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        StopSignals.onStop(stopRequested::countDown);
        Thread hook = new Thread(server::close, "nameserver-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.start();
        stopRequested.await();
        log.info("stop requested; closing");
        server.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(0);
    }

    static NameServer.Builder parse(String[] args) {
        NameServer.Builder builder = NameServer.builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> builder.port(number(args, ++i, "--port"));
                case "--host" -> builder.host(value(args, ++i, "--host"));
                case "--broker-expiry-seconds" ->
                        builder.brokerExpiry(Duration.ofSeconds(number(args, ++i, "--broker-expiry-seconds")));
                case "-h", "--help" -> throw new IllegalArgumentException("help");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        return builder;
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int number(String[] args, int index, String option) {
        String value = value(args, index, option);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " is not a number: " + value);
        }
    }
}
