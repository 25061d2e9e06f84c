package dev.junctionmq.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The broker process as an operator runs it: start, refuse a second broker on the same data, stop on SIGTERM. */
class BrokerLauncherIT {

    private static final Duration START = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void startsRefusesASecondBrokerOnTheSameDataAndStopsCleanlyOnSigterm() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dataDir)) {
            broker.awaitOutput("Junction is ready", START);
            assertThat(Files.exists(dataDir.resolve("abort"))).as("abort marker while running").isTrue();
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("HTTP on port (\\d+)")
                    .matcher(broker.output());
            assertThat(port.find()).as("start-up log names the HTTP port").isTrue();
            var health = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port.group(1) + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("UP");

            try (BrokerProcess second = BrokerProcess.start(dataDir)) {
                assertThat(second.awaitExit(START)).isEqualTo(1);
                assertThat(second.output()).contains("is in use by another broker")
                        .contains(dataDir.toAbsolutePath().toString());
            }

            assertThat(broker.terminate(START)).as("exit status after SIGTERM").isZero();
            assertThat(broker.output()).contains("closed cleanly");
            assertThat(Files.exists(dataDir.resolve("abort"))).as("abort marker after a clean stop").isFalse();
            assertThat(Files.exists(dataDir.resolve("checkpoint"))).isTrue();
        }
        // A restart after a clean stop is not treated as a crash.
        try (BrokerProcess again = BrokerProcess.start(dataDir)) {
            again.awaitOutput("Junction is ready", START);
            assertThat(again.output()).doesNotContain("last stop was not clean");
            assertThat(again.terminate(START)).isZero();
        }
    }

    @Test
    void aBrokerKilledWithSigkillIsRecoveredOnTheNextStart() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dataDir)) {
            broker.awaitOutput("Junction is ready", START);
            broker.process().destroyForcibly().waitFor();
        }
        try (BrokerProcess again = BrokerProcess.start(dataDir)) {
            again.awaitOutput("Junction is ready", START);
            assertThat(again.output()).contains("last stop was not clean");
            assertThat(again.terminate(START)).isZero();
        }
    }

    @Test
    void badArgumentsExplainUsage() throws Exception {
        try (BrokerProcess broker = BrokerProcess.start(dataDir, "--bogus")) {
            assertThat(broker.awaitExit(START)).isEqualTo(2);
            assertThat(broker.output()).contains("unknown argument '--bogus'").contains("usage: junction-broker");
        }
    }
}
