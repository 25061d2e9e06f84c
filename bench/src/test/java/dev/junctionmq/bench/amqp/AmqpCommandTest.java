package dev.junctionmq.bench.amqp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AmqpCommandTest {

    @TempDir
    Path directory;

    @Test
    void countsEveryMessageOfBothSendModes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = new AmqpCommand().run(List.of("--dir", directory.toString(), "--messages", "300", "--size", "64"),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        // sends, messages, bytes, send rate, end-to-end rate, received, lost, duplicates, out of order
        assertThat(out).containsPattern("sync\\s+300\\s+64\\s+\\d+\\s+\\d+\\s+300\\s+0\\s+0\\s+0")
                .containsPattern("async\\s+300\\s+64\\s+\\d+\\s+\\d+\\s+300\\s+0\\s+0\\s+0");
    }
}
