package dev.junctionmq.broker;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.StoreCorruptedException;
import dev.junctionmq.broker.store.StoreLockedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/junction-broker [--config FILE] [--data-dir DIR]}: opens (and if needed recovers) the store and keeps
 * it open until SIGTERM, then closes it cleanly. The protocol front ends and the engine are not built yet; until
 * they are, this process hosts the durable store only, and says so.
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
        MessageStore store;
        try {
            store = MessageStore.open(config.storeConfig());
        } catch (StoreLockedException | StoreCorruptedException | IllegalArgumentException e) {
            log.error("cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch stopRequested = new CountDownLatch(1);
        // SIGTERM and SIGINT end the broker with exit status 0 after a clean close; the hook covers other exits.
        StopSignals.onStop(stopRequested::countDown);
        Thread hook = new Thread(store::close, "junction-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        log.info("Junction store is open at {}. The engine and protocol front ends (AMQP 5672, STOMP 61613, MQTT 1883,"
                + " native 10911) are not implemented yet: this process serves no clients.",
                config.dataDir().toAbsolutePath());
        stopRequested.await();
        log.info("stop requested; closing");
        store.close();
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
