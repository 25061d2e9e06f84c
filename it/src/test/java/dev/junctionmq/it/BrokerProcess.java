package dev.junctionmq.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/** A broker started as a real child JVM ({@code BrokerMain}), with its output captured for assertions. */
public final class BrokerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private BrokerProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::pump, "broker-output");
        reader.setDaemon(true);
        reader.start();
    }

    static BrokerProcess start(Path dataDir, String... extraArgs) throws IOException {
        return start(dataDir, List.of(), extraArgs);
    }

    /** With {@code jvmOptions} (such as {@code -Djunction.mqtt.port=0}) after the default ones. */
    public static BrokerProcess start(Path dataDir, List<String> jvmOptions, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djunction.store.commitlog.segmentSize=1048576",
                "-Djunction.store.maxMessageSize=65536",
                "-Djunction.http.port=0",
                "-Djunction.nameserver.port=0",
                "-Djunction.network.host=127.0.0.1",
                "-Djunction.store.index.hashSlots=1024",
                "-Djunction.store.index.maxEntries=4096"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"),
                "dev.junctionmq.broker.BrokerMain",
                "--data-dir", dataDir.toString()));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new BrokerProcess(process);
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.add(line);
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    public void awaitOutput(String fragment, Duration timeout) {
        await().atMost(timeout).until(() -> {
            if (output.stream().anyMatch(l -> l.contains(fragment))) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("broker exited with status " + process.exitValue() + " before printing '"
                        + fragment + "'; output:\n" + output());
            }
            return false;
        });
    }

    public String output() {
        return String.join("\n", output);
    }

    public Process process() {
        return process;
    }

    /** Sends SIGTERM and waits for the exit status. */
    int terminate(Duration timeout) throws InterruptedException {
        // Through the handle: Process.destroy() would also close our end of the output pipe.
        process.toHandle().destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("broker did not stop within " + timeout + "; output:\n" + output());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("broker did not exit within " + timeout + "; output:\n" + output());
        }
        reader.join(timeout.toMillis());
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
