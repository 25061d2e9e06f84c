package dev.junctionmq.it;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.stream.Stream;

/**
 * One in-process broker per test, on a fresh temporary directory that is deleted afterwards. Register it on an
 * instance field, so each test gets its own:
 *
 * <pre>{@code
 * @RegisterExtension
 * final InProcessBroker broker = InProcessBroker.configuredBy(StompBrokers::config);
 * }</pre>
 *
 * <p>After each test it closes what the test registered with {@link #closeAfterTest} (last registered first), then
 * the broker, then deletes the directory. Every step runs even if an earlier one fails; a failure is thrown after
 * them all, and JUnit reports it as suppressed by the test's own failure when the test failed too, so a client that
 * will not close never hides why the test failed.
 *
 * <p>{@link #restart()} (or {@link #stop()}, then {@link #start()}) closes the broker and starts it again on the
 * same directory, for tests of what survives a restart. A test that needs its own configuration uses
 * {@link #startedByTheTest()} and calls {@link #start(Configuration)}.
 *
 * <p>Nothing here knows a protocol: addresses, URIs and client factories stay in the per-protocol helpers
 * (StompBrokers, AmqpBrokers, MqttBrokers), which take {@link #broker()}.
 */
public final class InProcessBroker implements BeforeEachCallback, AfterEachCallback {

    /** The broker's configuration for a test's directory; it may also write files there (a security file, say). */
    @FunctionalInterface
    public interface Configuration {
        BrokerConfig forDirectory(Path directory) throws Exception;
    }

    private final boolean startBeforeEachTest;
    private Configuration configuration;
    private Path directory;
    private Broker broker;
    /** Last registered first; a client's callback thread may register too. */
    private final Deque<AutoCloseable> toClose = new ConcurrentLinkedDeque<>();

    private InProcessBroker(Configuration configuration, boolean startBeforeEachTest) {
        this.configuration = configuration;
        this.startBeforeEachTest = startBeforeEachTest;
    }

    /** A broker started with {@code configuration} before each test. */
    public static InProcessBroker configuredBy(Configuration configuration) {
        return new InProcessBroker(configuration, true);
    }

    /** A directory only: each test starts the broker itself with {@link #start(Configuration)}. */
    public static InProcessBroker startedByTheTest() {
        return new InProcessBroker(null, false);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("junction-it-");
        if (startBeforeEachTest) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<Throwable> failures = new ArrayList<>();
        for (AutoCloseable resource = toClose.pollFirst(); resource != null; resource = toClose.pollFirst()) {
            try {
                resource.close();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
        try {
            stop();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        try {
            deleteDirectory();
        } catch (IOException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            Throwable first = failures.get(0);
            failures.subList(1, failures.size()).forEach(first::addSuppressed);
            if (first instanceof Exception exception) {
                throw exception;
            }
            throw (AssertionError) first;
        }
    }

    /** The running broker. */
    public Broker broker() {
        if (broker == null) {
            throw new IllegalStateException("the broker is not running");
        }
        return broker;
    }

    /** This test's directory: the broker's data lives below it, and the test may put its own files there. */
    public Path directory() {
        if (directory == null) {
            throw new IllegalStateException("there is a directory only while a test runs");
        }
        return directory;
    }

    /**
     * Closes {@code resource} after the test, before the broker and before everything registered earlier. A
     * resource that is not AutoCloseable goes in as a lambda: {@code closeAfterTest(client::disconnect)}.
     */
    public <T extends AutoCloseable> T closeAfterTest(T resource) {
        toClose.push(resource);
        return resource;
    }

    /** Starts the broker with the configuration it was last started with (or was made with). */
    public Broker start() throws Exception {
        if (configuration == null) {
            throw new IllegalStateException("no configuration yet: call start(Configuration)");
        }
        return start(configuration);
    }

    /** Starts the broker with {@code configuration} on this test's directory; restart() keeps it. */
    public Broker start(Configuration configuration) throws Exception {
        if (broker != null) {
            throw new IllegalStateException("the broker is running already");
        }
        BrokerConfig config = configuration.forDirectory(directory());
        this.configuration = configuration;
        broker = Broker.start(config);
        return broker;
    }

    /** Closes the broker and keeps the directory, so that a later start() finds the data it stored. */
    public void stop() {
        Broker running = broker;
        broker = null;
        if (running != null) {
            running.close();
        }
    }

    /**
     * Closes the broker and starts it again on the same directory and configuration (the ports change). What the
     * test registered stays registered: close clients of the old broker first if the restart must not see them.
     */
    public Broker restart() throws Exception {
        stop();
        return start();
    }

    private void deleteDirectory() throws IOException {
        if (directory == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
        directory = null;
    }
}
