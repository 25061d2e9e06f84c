package dev.junctionmq.bench.amqp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A small amqp-compare run against both real brokers: every message of every cell counted exactly, a ratio. */
class AmqpCompareCommandTest {

    @TempDir
    Path directory;

    @Test
    void runsBothBrokersAndCountsEveryMessage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new AmqpCompareCommand().run(List.of("--dir", directory.toString(), "--messages", "200",
                        "--warmup", "40", "--size", "64", "--clients", "1,2", "--modes", "sync,async",
                        "--durability", "async"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        // broker, cell, received, msgs/s, p50, p99, p99.9, max, lost, duplicates
        for (String broker : List.of("junction", "artemis")) {
            for (String cell : List.of("1x1 sync", "1x1 async", "2x2 sync", "2x2 async")) {
                assertThat(out).as(out).containsPattern(broker + "\\s+" + cell + "\\s+200\\s+\\d+(\\s+[\\d.]+){4}"
                        + "\\s+0\\s+0");
            }
        }
        assertThat(out).contains("cell=1x1-sync ").contains("cell=2x2-async ").containsPattern("ratio=\\d+\\.\\d\\d");
        assertThat(out).doesNotContain("!!!");
    }
}
