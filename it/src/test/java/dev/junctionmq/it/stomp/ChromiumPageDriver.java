package dev.junctionmq.it.stomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code drive-roundtrip.mjs} (Node + playwright-core driving Debian's headless Chromium) as a child process
 * and hands its stdout lines to the test one at a time. Its stderr (the page's console, Chromium's complaints)
 * goes to a log file whose content is put into every failure message.
 *
 * <p>Chromium and the npm packages are installed by it/pom.xml before the integration tests (executions
 * {@code install-chromium} and {@code npm-stomp-browser}); when either is missing the test fails and says so,
 * rather than skipping.
 */
final class ChromiumPageDriver implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChromiumPageDriver(Process process, Path log) {
        this.process = process;
        this.log = log;
        Thread reader = new Thread(this::readLines, "chromium-driver-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /** The folder holding package.json, the page and the driver script, beside this module's pom. */
    static Path nodeProject() {
        return Path.of(System.getProperty("basedir", ".")).resolve("node/stomp-browser").toAbsolutePath();
    }

    /** Checks what the driver needs and fails with the reason (and the fix) if something is missing. */
    static void checkInstalled() {
        String setup = " (mvn -B verify installs what is missing, in phase pre-integration-test of it/: executions"
                + " install-chromium and npm-stomp-browser)";
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " is missing" + setup);
        }
        if (!Files.isDirectory(nodeProject().resolve("node_modules/playwright-core"))
                || !Files.isDirectory(nodeProject().resolve("node_modules/@stomp/stompjs"))) {
            throw new IllegalStateException("npm packages are missing in " + nodeProject() + setup);
        }
    }

    /** Starts {@code node drive-roundtrip.mjs pageUrl userDataDir}; {@code workDir} receives the profile and log. */
    static ChromiumPageDriver start(String pageUrl, Path workDir) throws IOException {
        checkInstalled();
        Path profile = Files.createDirectories(workDir.resolve("chromium-profile"));
        Path log = workDir.resolve("chromium-driver.log");
        ProcessBuilder builder = new ProcessBuilder(List.of("node", "drive-roundtrip.mjs", pageUrl,
                profile.toString()))
                .directory(nodeProject().toFile())
                .redirectError(log.toFile());
        return new ChromiumPageDriver(builder.start(), log);
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("FAILED reading the driver's output: " + e);
        }
    }

    /** The next stdout line, which must start with {@code prefix}; returns the rest of it. */
    String expectLine(String prefix, Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null || !line.startsWith(prefix)) {
            throw new AssertionError("expected a line starting with '" + prefix + "' from the Chromium driver within "
                    + timeout + " but got " + (line == null ? "nothing" : "'" + line + "'") + diagnostics());
        }
        return line.substring(prefix.length());
    }

    /** Waits for the driver to exit and returns its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the Chromium driver did not exit within " + timeout + diagnostics());
        }
        return process.exitValue();
    }

    /** The driver's stderr so far, for failure messages. */
    String diagnostics() {
        try {
            return "\n--- " + log + " ---\n" + (Files.exists(log) ? Files.readString(log) : "(empty)");
        } catch (IOException e) {
            return "\n(could not read " + log + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
