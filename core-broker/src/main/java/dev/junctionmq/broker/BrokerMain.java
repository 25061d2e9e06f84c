package dev.junctionmq.broker;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.broker.store.StoreCorruptedException;
import dev.junctionmq.broker.store.StoreLockedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/junction-broker [--config FILE] [--data-dir DIR]}: starts a standalone broker — store (recovered if
 * needed), engine, every protocol front end on the class path, the HTTP endpoint — and runs it until SIGTERM, then
 * closes it cleanly and exits with status 0.
 */
public final class BrokerMain {

    private static final Logger log = LoggerFactory.getLogger(BrokerMain.class);

    private BrokerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        BrokerConfig config;
        try {
            config = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("junction-broker: " + e.getMessage());
            System.err.println("usage: junction-broker [--config FILE] [--data-dir DIR]");
            System.exit(2);
            return;
        }
        for (String key : config.unknownKeys()) {
            log.warn("configuration key '{}' is not known to this broker; ignored", key);
        }
        Broker broker;
        try {
            broker = Broker.start(config);
        } catch (StoreLockedException | StoreCorruptedException | IllegalArgumentException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            log.error("cannot start", e);
            System.exit(1);
            return;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM and SIGINT end the broker with exit status 0 after a clean close; the hook covers other exits.
        StopSignals.onStop(stopRequested::countDown);
        Thread hook = new Thread(broker::close, "junction-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("Junction is ready: HTTP on port {} (health at /health), front ends {}", broker.httpPort(),
                broker.listeners().keySet());
        stopRequested.await();
        log.info("stop requested; closing");
        broker.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        System.exit(0);
    }

    static BrokerConfig parse(String[] args) {
        Path configFile = null;
        String dataDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config" -> configFile = Path.of(value(args, ++i, "--config"));
                case "--data-dir" -> dataDir = value(args, ++i, "--data-dir");
                case "-h", "--help" -> throw new IllegalArgumentException("help requested");
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        BrokerConfig config = BrokerConfig.load(configFile);
        return dataDir == null ? config : config.with(BrokerConfig.DATA_DIR, dataDir);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
