package dev.junctionmq.broker.store;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junctionmq.broker.store.checkpoint.Checkpoint;
import dev.junctionmq.broker.store.commitlog.CommitLogRecovery;
import dev.junctionmq.broker.store.file.SegmentLayoutException;
import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.RecordFormat;
import dev.junctionmq.broker.store.record.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Damaged store files: bit flips below the flushed offset, truncated segments, a torn tail after a crash, and a
 * directory that is already open (in this JVM and in another process).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class CorruptionTest {

    private static final int SEGMENT_SIZE = 64 * 1024;
    private static final int CONSUME_QUEUE_ENTRIES_PER_SEGMENT = 1000;
    private static final String TOPIC = "damage";
    private static final InetSocketAddress STORE_HOST = new InetSocketAddress(InetAddress.getLoopbackAddress(), 10911);

    @TempDir
    Path dir;

    private final List<Process> children = new CopyOnWriteArrayList<>();

    @AfterEach
    void killLeftoverChildren() throws InterruptedException {
        for (Process child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    static StoreConfig config(Path dir) {
        return StoreConfig.builder(dir)
                .commitLogSegmentSize(SEGMENT_SIZE)
                .maxMessageSize(16 * 1024)
                .consumeQueueEntriesPerSegment(CONSUME_QUEUE_ENTRIES_PER_SEGMENT)
                .indexHashSlots(1024)
                .indexMaxEntries(4096)
                .storeHost(STORE_HOST)
                .diskMaxUsedRatio(1.0)
                .build();
    }

    private static byte[] body(int n) {
        StringBuilder sb = new StringBuilder("record-").append(n).append(':');
        int padding = 300 + (n * 137) % 900;
        for (int i = 0; i < padding; i++) {
            sb.append((char) ('a' + (n + i) % 26));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static MessageToAppend message(int n) {
        return MessageToAppend.builder(TOPIC).queueId(0).body(body(n)).keys("key-" + n).uniqueKey("uniq-" + n).build();
    }

    /** Appends records 0..count-1 (about 0.4-1.3 KB each) to queue 0 of {@link #TOPIC} and closes the store. */
    private List<AppendResult> writeAndClose(int count) {
        List<AppendResult> results = new ArrayList<>();
        try (MessageStore store = MessageStore.open(config(dir))) {
            for (int n = 0; n < count; n++) {
                AppendResult result = store.append(message(n)).join();
                assertThat(result.queueOffset()).isEqualTo(n);
                results.add(result);
            }
        }
        assertThat(dir.resolve("abort")).doesNotExist();
        return results;
    }

    private static long end(List<AppendResult> results) {
        AppendResult last = results.get(results.size() - 1);
        return last.commitLogOffset() + last.size();
    }

    private Path segment(long startOffset) {
        return dir.resolve("commitlog").resolve(String.format("%020d", startOffset));
    }

    private static long segmentStart(long commitLogOffset) {
        return commitLogOffset - commitLogOffset % SEGMENT_SIZE;
    }

    private Checkpoint.State checkpoint() {
        Checkpoint.State state = new Checkpoint(dir.resolve("checkpoint")).read();
        assertThat(state).as("checkpoint after a clean close").isNotNull();
        return state;
    }

    /** Every record 0..count-1 is readable through the queue, with its exact body and intact checksums. */
    private static void assertAllRecordsIntact(MessageStore store, int count) {
        assertThat(store.minOffset(TOPIC, 0)).isZero();
        assertThat(store.maxOffset(TOPIC, 0)).isEqualTo(count);
        int n = 0;
        while (n < count) {
            try (ReadResult result = store.read(TOPIC, 0, n, 64, 1024 * 1024)) {
                assertThat(result.status()).isEqualTo(ReadResult.Status.FOUND);
                for (QueuedMessage message : result.messages()) {
                    StoredRecord record = message.record();
                    assertThat(record.verifyChecksums()).as("record %d", n).isNull();
                    assertThat(record.queueOffset()).isEqualTo(n);
                    assertThat(record.bodyBytes()).as("record %d body", n).isEqualTo(body(n));
                    assertThat(record.property(MessageProperties.KEYS)).isEqualTo("key-" + n);
                    n++;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bit flips below the flushed offset.
    // ---------------------------------------------------------------------------------------------------------

    /** Where to damage a record, and what recovery must then say about it. */
    enum Damage {
        /** A byte in the middle of the body: the body CRC fails. */
        BODY("body CRC mismatch"),
        /** The magic code: not a record at all. */
        MAGIC("bad magic code"),
        /** The queue id, which only the whole-record CRC covers. */
        QUEUE_ID("record CRC mismatch"),
        /** A byte of the KEYS property value, also covered only by the whole-record CRC. */
        PROPERTIES("record CRC mismatch");

        final String problem;

        Damage(String problem) {
            this.problem = problem;
        }
    }

    /** Position inside the record (index 0 = its first byte) of the byte that {@code damage} flips. */
    private static int damagedPosition(byte[] record, Damage damage) {
        StoredRecord view = new StoredRecord(ByteBuffer.wrap(record));
        int topicLength = view.topic().getBytes(StandardCharsets.UTF_8).length;
        int propertiesStart = record.length - view.propertiesLength();
        int bodyStart = propertiesStart - 2 - topicLength - 1 - view.bodyLength();
        assertThat(view.magic()).isEqualTo(RecordFormat.MAGIC_V1);
        assertThat(ByteBuffer.wrap(record).getInt(bodyStart - 4)).as("body length field").isEqualTo(view.bodyLength());
        return switch (damage) {
            case BODY -> bodyStart + view.bodyLength() / 2;
            case MAGIC -> RecordFormat.POS_MAGIC + 1;
            case QUEUE_ID -> RecordFormat.POS_QUEUE_ID + 3;
            case PROPERTIES -> {
                byte[] keys = (MessageProperties.KEYS + MessageProperties.NAME_VALUE_SEPARATOR + "key-")
                        .getBytes(StandardCharsets.US_ASCII);
                int at = indexOf(record, keys, propertiesStart);
                assertThat(at).as("KEYS property in the record").isGreaterThanOrEqualTo(propertiesStart);
                yield at + keys.length; // first digit of the key number
            }
        };
    }

    @Test
    void flippedBodyByteInTheOnlySegmentIsReportedWithFileAndOffset() throws IOException {
        List<AppendResult> results = writeAndClose(40);
        assertThat(end(results)).as("all records in the first segment").isLessThan(SEGMENT_SIZE);
        AppendResult victim = results.get(20);
        assertThat(victim.commitLogOffset() + victim.size()).isLessThanOrEqualTo(checkpoint().commitLogFlushedOffset());

        Path file = segment(0);
        long fileOffset = victim.commitLogOffset();
        long flipAt = fileOffset + damagedPosition(readBytes(file, fileOffset, victim.size()), Damage.BODY);
        flipByte(file, flipAt);

        assertCorruptionReported(file, fileOffset, Damage.BODY.problem);

        // The refusal changed nothing: with the byte restored the store opens and every record is intact.
        flipByte(file, flipAt);
        try (MessageStore store = MessageStore.open(config(dir))) {
            assertAllRecordsIntact(store, 40);
            assertThat(store.commitLogMaxOffset()).isEqualTo(end(results));
        }
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void damagedRecordInTheMiddleOfTheLastSegmentIsReportedWithFileAndOffset(Damage damage) throws IOException {
        List<AppendResult> results = writeAndClose(150);
        long lastSegment = segmentStart(end(results));
        assertThat(lastSegment).as("the log spans several segments").isGreaterThanOrEqualTo(2L * SEGMENT_SIZE);
        List<AppendResult> inLast = results.stream().filter(r -> r.commitLogOffset() >= lastSegment)
                .collect(Collectors.toList());
        assertThat(inLast.size()).isGreaterThanOrEqualTo(5);
        AppendResult victim = inLast.get(inLast.size() / 2);
        assertThat(victim.commitLogOffset() + victim.size()).isLessThan(checkpoint().commitLogFlushedOffset());

        Path file = segment(lastSegment);
        long fileOffset = victim.commitLogOffset() - lastSegment;
        flipByte(file, fileOffset + damagedPosition(readBytes(file, fileOffset, victim.size()), damage));

        assertCorruptionReported(file, fileOffset, damage.problem);
    }

    /**
     * Without a checkpoint the store checks the whole log. A damaged record in an earlier segment, followed by intact
     * records in later segments, is damage in the middle of the log and must not be cut off as a torn tail.
     */
    @Test
    void damagedRecordInAnEarlierSegmentIsReportedWhenTheCheckpointIsLost() throws IOException {
        List<AppendResult> results = writeAndClose(150);
        List<AppendResult> inFirst = results.stream().filter(r -> r.commitLogOffset() + r.size() <= SEGMENT_SIZE)
                .collect(Collectors.toList());
        AppendResult victim = inFirst.get(inFirst.size() / 2);
        Path file = segment(0);
        long fileOffset = victim.commitLogOffset();
        flipByte(file, fileOffset + damagedPosition(readBytes(file, fileOffset, victim.size()), Damage.BODY));
        Files.delete(dir.resolve("checkpoint"));

        assertCorruptionReported(file, fileOffset, Damage.BODY.problem);
        assertThat(segment(SEGMENT_SIZE)).as("nothing was deleted").exists();
        assertThat(segment(2L * SEGMENT_SIZE)).exists();
    }

    /**
     * After a clean stop (no abort marker) there is no torn tail, whatever the checkpoint says: a damaged record is
     * damage, even when the checkpoint is lost and no flushed offset vouches for the data. Cutting it off as a torn
     * tail would silently drop every acknowledged record after it. The refused open must also not leave an abort
     * marker behind that makes the next attempt treat the clean stop as a crash.
     */
    @Test
    void damagedRecordAfterACleanStopIsNotCutAsATornTailWhenTheCheckpointIsLost() throws IOException {
        List<AppendResult> results = writeAndClose(30);
        assertThat(end(results)).isLessThan(SEGMENT_SIZE);
        AppendResult victim = results.get(10);
        Path file = segment(0);
        long fileOffset = victim.commitLogOffset();
        flipByte(file, fileOffset + damagedPosition(readBytes(file, fileOffset, victim.size()), Damage.BODY));
        Files.delete(dir.resolve("checkpoint"));
        AppendResult last = results.get(29);
        byte[] lastRecord = readBytes(file, last.commitLogOffset(), last.size());

        for (int attempt = 1; attempt <= 2; attempt++) {
            Throwable thrown = catchThrowable(() -> MessageStore.open(config(dir)).close());
            assertThat(thrown).as("open attempt %d", attempt).isInstanceOf(StoreCorruptedException.class);
            assertThat(((StoreCorruptedException) thrown).file()).isEqualTo(file);
            assertThat(((StoreCorruptedException) thrown).fileOffset()).isEqualTo(fileOffset);
            assertThat(readBytes(file, last.commitLogOffset(), last.size()))
                    .as("acknowledged records after the damage are still on disk after attempt %d", attempt)
                    .isEqualTo(lastRecord);
        }
    }

    private StoreCorruptedException assertCorruptionReported(Path file, long fileOffset, String problem) {
        Throwable thrown = catchThrowable(() -> MessageStore.open(config(dir)).close());
        assertThat(thrown).isInstanceOf(StoreCorruptedException.class);
        StoreCorruptedException e = (StoreCorruptedException) thrown;
        assertThat(e.file()).isEqualTo(file);
        assertThat(e.fileOffset()).isEqualTo(fileOffset);
        assertThat(e.getMessage())
                .contains(file.toString())
                .contains("at offset " + fileOffset + ":")
                .contains(problem);
        // A refused open releases the directory: trying again gives the same answer, not StoreLockedException.
        assertThatThrownBy(() -> MessageStore.open(config(dir)).close())
                .isInstanceOf(StoreCorruptedException.class).hasMessage(e.getMessage());
        return e;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Truncated segment files.
    // ---------------------------------------------------------------------------------------------------------

    enum Which { FIRST, LAST }

    @ParameterizedTest
    @EnumSource(Which.class)
    void truncatedSegmentIsRejectedNamingTheFileAndItsSize(Which which) throws IOException {
        List<AppendResult> results = writeAndClose(150);
        long lastSegment = segmentStart(end(results));
        assertThat(lastSegment).isGreaterThanOrEqualTo(2L * SEGMENT_SIZE);
        Path file = segment(which == Which.FIRST ? 0 : lastSegment);
        int truncatedSize = 40_000;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(truncatedSize);
        }

        for (int attempt = 0; attempt < 2; attempt++) { // the second attempt proves the directory was released
            Throwable thrown = catchThrowable(() -> MessageStore.open(config(dir)).close());
            assertThat(thrown).isNotNull().isNotInstanceOf(StoreLockedException.class);
            assertThat(causeChain(thrown)).as("cause chain of %s", thrown)
                    .anyMatch(t -> t instanceof SegmentLayoutException);
            assertThat(thrown.getMessage())
                    .contains(file.toString())
                    .contains("is " + truncatedSize + " bytes")
                    .contains(SEGMENT_SIZE + " bytes")
                    .contains("truncated");
        }
        assertThat(Files.size(file)).as("the store must not repair a truncated file by guessing").isEqualTo(truncatedSize);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Torn tail after a crash.
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void tornTailAfterACrashIsCutAndTheNextAppendTakesItsPlace() throws Exception {
        List<AppendResult> results = writeAndClose(30);
        long end = end(results);
        assertThat(checkpoint().commitLogFlushedOffset()).isEqualTo(end);

        // Half of an existing record, written just past the last record, as a crash mid-write leaves it.
        AppendResult source = results.get(7);
        Path file = segment(0);
        byte[] half = readBytes(file, source.commitLogOffset(), source.size() / 2);
        assertThat(end + source.size()).as("the torn record would fit in the segment").isLessThan(SEGMENT_SIZE);
        writeBytes(file, end, half);
        Files.createFile(dir.resolve("abort"));

        AppendResult next;
        try (LogCapture logs = new LogCapture(CommitLogRecovery.class, MessageStore.class);
             MessageStore store = MessageStore.open(config(dir))) {
            assertThat(logs.messages()).anyMatch(m -> m.contains("the last stop was not clean"));
            assertThat(logs.messages()).anyMatch(m -> m.contains("discarding a torn tail") && m.contains(file.toString()));

            assertThat(store.commitLogMaxOffset()).isEqualTo(end);
            assertThat(readBytes(file, end, half.length)).as("torn bytes cleared").containsOnly((byte) 0);
            assertAllRecordsIntact(store, 30);
            for (int n = 0; n < 30; n++) {
                List<StoredRecord> byKey = store.lookupByKey(TOPIC, "key-" + n, 2);
                assertThat(byKey).as("lookup by key-%d", n).hasSize(1);
                assertThat(byKey.get(0).physicalOffset()).isEqualTo(results.get(n).commitLogOffset());
            }

            next = store.append(message(30)).get(10, TimeUnit.SECONDS);
            assertThat(next.commitLogOffset()).as("next append lands where the torn record was").isEqualTo(end);
            assertThat(next.queueOffset()).isEqualTo(30);
            await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffset(TOPIC, 0) == 31);
            assertAllRecordsIntact(store, 31);
        }
        assertThat(dir.resolve("abort")).doesNotExist();
        try (MessageStore store = MessageStore.open(config(dir))) {
            assertAllRecordsIntact(store, 31);
            assertThat(store.commitLogMaxOffset()).isEqualTo(end + next.size());
        }
    }

    /**
     * A crash while the store creates a new segment file (commit log or consume queue) can leave that file with 0
     * bytes: {@code MappedSegment.map} creates the file and only then sets its length. Such a file holds no data,
     * so a crashed store must start, not refuse to with a {@link SegmentLayoutException}.
     */
    @ParameterizedTest
    @EnumSource(ZeroLengthFile.class)
    void emptySegmentFileLeftByACrashDuringRollOverDoesNotStopRecovery(ZeroLengthFile kind) throws Exception {
        List<AppendResult> results = writeAndClose(30);
        long end = end(results);
        Path empty;
        long expectedNextOffset;
        if (kind == ZeroLengthFile.COMMIT_LOG_SEGMENT) {
            // The writer rolls over: filler at the end of the old segment, then the new file, then the crash.
            writeBytes(segment(0), end, ByteBuffer.allocate(8).putInt(0, (int) (SEGMENT_SIZE - end))
                    .putInt(4, RecordFormat.BLANK_MAGIC).array());
            empty = segment(SEGMENT_SIZE);
            expectedNextOffset = SEGMENT_SIZE;
        } else {
            Path queueDir = dir.resolve("consumequeue").resolve(TOPIC).resolve("0");
            assertThat(queueDir.resolve(String.format("%020d", 0))).exists();
            empty = queueDir.resolve(String.format("%020d", CONSUME_QUEUE_ENTRIES_PER_SEGMENT * 20L));
            expectedNextOffset = end;
        }
        Files.createFile(empty);
        Files.createFile(dir.resolve("abort"));

        try (MessageStore store = MessageStore.open(config(dir))) {
            assertAllRecordsIntact(store, 30);
            AppendResult next = store.append(message(30)).get(10, TimeUnit.SECONDS);
            assertThat(next.commitLogOffset()).isEqualTo(expectedNextOffset);
            assertThat(next.queueOffset()).isEqualTo(30);
        }
    }

    enum ZeroLengthFile { COMMIT_LOG_SEGMENT, CONSUME_QUEUE_SEGMENT }

    // ---------------------------------------------------------------------------------------------------------
    // Store directory locking.
    // ---------------------------------------------------------------------------------------------------------

    @Test
    void secondOpenInTheSameJvmFailsAndTheFirstStoreKeepsWorking() throws Exception {
        try (MessageStore first = MessageStore.open(config(dir))) {
            first.append(message(0)).get(10, TimeUnit.SECONDS);

            assertThatThrownBy(() -> MessageStore.open(config(dir)).close())
                    .isInstanceOf(StoreLockedException.class)
                    .hasMessageContaining(dir.toAbsolutePath().toString());

            assertThat(dir.resolve("abort")).as("the failed open left the running store's marker alone").exists();
            first.append(message(1)).get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> first.maxOffset(TOPIC, 0) == 2);
            assertAllRecordsIntact(first, 2);
        }
        try (MessageStore again = MessageStore.open(config(dir))) {
            assertAllRecordsIntact(again, 2);
        }
    }

    @Test
    void openFailsWhileAnotherProcessHoldsTheStore() throws Exception {
        Child child = startLockChild();
        String ready = child.awaitLine();
        assertThat(ready).startsWith("READY ");

        assertThatThrownBy(() -> MessageStore.open(config(dir)).close())
                .isInstanceOf(StoreLockedException.class)
                .hasMessageContaining(dir.toAbsolutePath().toString())
                .hasMessageContaining("in use");

        child.process.destroyForcibly();
        assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dir.resolve("abort")).exists();

        // The OS released the dead process's lock; the store recovers what the child wrote.
        try (MessageStore store = MessageStore.open(config(dir))) {
            assertAllRecordsIntact(store, 1);
            assertThat(Long.parseLong(ready.substring("READY ".length()))).isZero();
        }
    }

    /**
     * On Linux the lock is a POSIX record lock, which the kernel drops for the whole process as soon as the process
     * closes ANY descriptor of the lock file. A refused second open in the same JVM must therefore not open and close
     * the lock file itself, or the first store silently loses its lock and another process can open the directory
     * while it is in use.
     */
    @Test
    void refusedSecondOpenInTheSameJvmDoesNotReleaseTheLockForOtherProcesses() throws Exception {
        try (MessageStore first = MessageStore.open(config(dir))) {
            assertThat(first.commitLogMaxOffset()).isZero();
            assertThatThrownBy(() -> MessageStore.open(config(dir)).close())
                    .isInstanceOf(StoreLockedException.class);

            Child child = startLockChild();
            String answer = child.awaitLine();
            child.process.destroyForcibly();
            child.process.waitFor(30, TimeUnit.SECONDS);
            assertThat(answer).as("another process opening a directory this JVM has open (child stderr:%n%s)",
                    child.stderrTail()).startsWith("LOCKED ");
            assertThat(answer).contains(dir.toAbsolutePath().toString());
        }
    }

    private Child startLockChild() throws IOException {
        Process process = new ProcessBuilder(System.getProperty("java.home") + "/bin/java",
                "-Xmx128m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                LockChildMain.class.getName(), dir.toString()).start();
        children.add(process);
        Child child = new Child(process);
        child.start();
        return child;
    }

    /** A child JVM running {@link LockChildMain}, with its stdout lines queued and its stderr kept. */
    private static final class Child {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> stderr = new CopyOnWriteArrayList<>();

        Child(Process process) {
            this.process = process;
        }

        void start() {
            pump(process.getInputStream(), lines::add);
            pump(process.getErrorStream(), stderr::add);
        }

        private static void pump(java.io.InputStream in, java.util.function.Consumer<String> sink) {
            Thread t = new Thread(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        sink.accept(line);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, "lock-child-output");
            t.setDaemon(true);
            t.start();
        }

        String awaitLine() {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                    .failFast("the child exited without answering", () -> !process.isAlive() && lines.isEmpty())
                    .until(() -> !lines.isEmpty());
            return lines.peek();
        }

        String stderrTail() {
            return String.join("\n", stderr.subList(Math.max(0, stderr.size() - 30), stderr.size()));
        }
    }

    /**
     * Child JVM for the lock tests. Opens the store in {@code args[0]}: if it is locked, prints
     * {@code LOCKED <message>} and exits; otherwise appends record 0, prints {@code READY <commit-log offset>} and holds
     * the store open until its standard input ends (or it is killed).
     */
    public static final class LockChildMain {
        public static void main(String[] args) throws Exception {
            PrintStream out = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out)), false,
                    StandardCharsets.UTF_8);
            System.setOut(System.err); // Logback's console output must not mix with the answer line
            MessageStore store;
            try {
                store = MessageStore.open(config(Path.of(args[0])));
            } catch (StoreLockedException e) {
                out.print("LOCKED " + e.getMessage() + "\n");
                out.flush();
                return;
            }
            AppendResult result = store.append(message(0)).get(10, TimeUnit.SECONDS);
            out.print("READY " + result.commitLogOffset() + "\n");
            out.flush();
            while (System.in.read() >= 0) {
                // hold the store open
            }
            store.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // File helpers.
    // ---------------------------------------------------------------------------------------------------------

    private static byte[] readBytes(Path file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, position + buffer.position()) < 0) {
                    throw new IOException("unexpected end of " + file);
                }
            }
        }
        return buffer.array();
    }

    private static void writeBytes(Path file, long position, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            while (buffer.hasRemaining()) {
                channel.write(buffer, position + buffer.position());
            }
            channel.force(false);
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        byte original = readBytes(file, position, 1)[0];
        writeBytes(file, position, new byte[] {(byte) (original ^ 0x5A)});
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static List<Throwable> causeChain(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }

    /** Captures what the given classes log, at any level. */
    private static final class LogCapture implements AutoCloseable {
        private final List<Logger> loggers;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture(Class<?>... sources) {
            appender.start();
            loggers = Stream.of(sources).map(c -> (Logger) LoggerFactory.getLogger(c)).collect(Collectors.toList());
            loggers.forEach(l -> l.addAppender(appender));
        }

        List<String> messages() {
            synchronized (appender) {
                return appender.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
            }
        }

        @Override
        public void close() {
            loggers.forEach(l -> l.detachAppender(appender));
            appender.stop();
        }
    }
}
