package dev.junctionmq.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class BenchMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void unknownSubcommandPrintsUsageListingTheSubcommands() {
        assertThat(run("nosuch")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown subcommand 'nosuch'")
                .contains("usage: junction-bench <subcommand>")
                .containsPattern("(?m)^  store ")
                .containsPattern("(?m)^  engine ")
                .containsPattern("(?m)^  stomp ")
                .containsPattern("(?m)^  stomp-compare ");
    }

    @Test
    void noArgumentsIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("subcommands:");
    }

    @Test
    void badOptionIsAUsageErrorOfThatSubcommand() {
        assertThat(run("store", "--seconds", "zero")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad value 'zero' for --seconds");
        assertThat(out.size()).isZero();
    }

    @Test
    void badEngineOptionIsAUsageErrorOfTheEngineSubcommand() {
        assertThat(run("engine", "--credit", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("junction-bench engine: --credit must be at least 1")
                .contains("--clients LIST");
        assertThat(out.size()).isZero();
    }

    @Test
    void negativeProducerThreadsIsAUsageError() {
        assertThat(run("store", "--producer-threads", "-1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("--producer-threads must be 0 (a thread per producer) or more")
                .contains("--producer-threads N");
        assertThat(out.size()).isZero();
    }

    @Test
    void stompNeedsAPort() {
        assertThat(run("stomp", "--host", "127.0.0.1")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("junction-bench stomp: --port is required");
        assertThat(out.size()).isZero();
    }

    @Test
    void stompCompareRefusesAnUnknownDurability() {
        assertThat(run("stomp-compare", "--durability", "maybe")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--durability is sync or async");
        assertThat(out.size()).isZero();
    }
}
