package dev.junctionmq.it;

import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.it.mqtt.MqttBrokers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The extension itself: the order of the clean-up after a test, that a failing close does not hide the test's own
 * failure, and that restart() keeps the data. The clean-up is checked on fixture classes run through the JUnit
 * Platform launcher, since it happens after the test method has returned.
 */
class InProcessBrokerIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    /** What the fixtures saw; the fixtures run only from the tests below (see {@link #run}). */
    static final List<String> events = new CopyOnWriteArrayList<>();
    static volatile boolean fixturesEnabled;
    static volatile Path fixtureDirectory;
    static volatile InetSocketAddress fixtureListener;

    @Test
    void closesRegisteredResourcesLastFirstThenTheBrokerThenDeletesTheDirectory() throws Exception {
        List<TestExecutionResult> results = run(CleanUpOrder.class);

        assertThat(results).singleElement()
                .satisfies(r -> assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
        assertThat(events).containsExactly("test done", "close third (broker listening: true)",
                "close second (broker listening: true)", "close first (broker listening: true)");
        assertThat(listening(fixtureListener)).as("the broker is closed after the test").isFalse();
        assertThat(fixtureDirectory).as("the test's directory is deleted").doesNotExist();
    }

    @Test
    void aFailingCloseDoesNotHideTheTestsOwnFailureNorStopTheCleanUp() throws Exception {
        List<TestExecutionResult> results = run(FailingTestAndFailingClose.class);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            Throwable failure = r.getThrowable().orElseThrow();
            assertThat(failure).isInstanceOf(AssertionError.class).hasMessage("the test's own failure");
            assertThat(failure.getSuppressed()).singleElement()
                    .satisfies(e -> assertThat(e).isInstanceOf(IOException.class).hasMessage("cannot close"));
        });
        assertThat(events).containsExactly("close the one after the failing one", "close the one before");
        assertThat(listening(fixtureListener)).isFalse();
        assertThat(fixtureDirectory).doesNotExist();
    }

    @Test
    void aFailingCloseFailsAnOtherwisePassingTest() throws Exception {
        List<TestExecutionResult> results = run(PassingTestAndFailingClose.class);

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
            assertThat(r.getThrowable().orElseThrow()).isInstanceOf(IOException.class).hasMessage("cannot close");
        });
        assertThat(listening(fixtureListener)).isFalse();
        assertThat(fixtureDirectory).doesNotExist();
    }

    @Test
    void restartKeepsTheDirectoryAndTheStoredMessages() throws Exception {
        Path directory = broker.directory();
        broker.broker().engine().send(OutgoingMessage.builder("kept")
                .body("stored before the restart".getBytes(StandardCharsets.UTF_8)).build()).join();
        Broker first = broker.broker();

        Broker restarted = broker.restart();

        assertThat(restarted).isNotSameAs(first).isSameAs(broker.broker());
        assertThat(broker.directory()).isEqualTo(directory);
        await().atMost(Duration.ofSeconds(10)).until(() -> !restarted.engine().browse("kept", 0, 0, 10).isEmpty());
        List<Message> kept = restarted.engine().browse("kept", 0, 0, 10);
        assertThat(kept).singleElement().satisfies(m -> assertThat(new String(m.body(), StandardCharsets.UTF_8))
                .isEqualTo("stored before the restart"));
    }

    @Test
    void stopKeepsTheDirectoryAndStartGoesOn() throws Exception {
        broker.stop();
        assertThatThrownBy(broker::broker).isInstanceOf(IllegalStateException.class);
        assertThat(broker.directory()).isDirectory();
        assertThat(broker.start().listeners()).containsKey("mqtt");
    }

    private static List<TestExecutionResult> run(Class<?> fixture) {
        events.clear();
        fixtureDirectory = null;
        fixtureListener = null;
        List<TestExecutionResult> results = new ArrayList<>();
        fixturesEnabled = true;
        try {
            LauncherFactory.create().execute(request().selectors(selectClass(fixture)).build(),
                    new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                            if (test.isTest()) {
                                results.add(result);
                            }
                        }
                    });
        } finally {
            fixturesEnabled = false;
        }
        return results;
    }

    private static boolean listening(InetSocketAddress address) throws IOException {
        try (Socket ignored = new Socket(address.getAddress(), address.getPort())) {
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    /** Notes where a fixture's broker listens and which directory it has. */
    private static void remember(InProcessBroker broker) {
        fixtureDirectory = broker.directory();
        fixtureListener = broker.broker().listeners().get("mqtt").get(0);
    }

    private static AutoCloseable recording(String name) {
        return () -> events.add(name + " (broker listening: " + listening(fixtureListener) + ")");
    }

    // The fixtures below are static nested classes: Failsafe does not run them by itself (it leaves out classes
    // with a '$' in their names), and they skip themselves unless one of the tests above launched them.

    static class CleanUpOrder {

        @RegisterExtension
        final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

        @Test
        void registersThree() throws Exception {
            assumeTrue(fixturesEnabled);
            remember(broker);
            Files.writeString(broker.directory().resolve("a-file-of-the-test"), "deleted with the directory");
            broker.closeAfterTest(recording("close first"));
            broker.closeAfterTest(recording("close second"));
            broker.closeAfterTest(recording("close third"));
            events.add("test done");
        }
    }

    static class FailingTestAndFailingClose {

        @RegisterExtension
        final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

        @Test
        void fails() {
            assumeTrue(fixturesEnabled);
            remember(broker);
            broker.closeAfterTest(() -> events.add("close the one before"));
            broker.closeAfterTest(() -> {
                throw new IOException("cannot close");
            });
            broker.closeAfterTest(() -> events.add("close the one after the failing one"));
            throw new AssertionError("the test's own failure");
        }
    }

    static class PassingTestAndFailingClose {

        @RegisterExtension
        final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

        @Test
        void passes() {
            assumeTrue(fixturesEnabled);
            remember(broker);
            broker.closeAfterTest(() -> {
                throw new IOException("cannot close");
            });
        }
    }
}
