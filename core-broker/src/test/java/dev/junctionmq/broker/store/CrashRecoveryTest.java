package dev.junctionmq.broker.store;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.OffsetMessageId;
import dev.junctionmq.broker.store.record.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * Kills a real child JVM ({@link CrashingProducerMain}) with SIGKILL while several producer threads append to the
 * store, then recovers the store and checks that every acknowledged record is there, intact, exactly once, and
 * that each producer's records form a gap-free prefix of what it sent.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CrashRecoveryTest {

    private static final int SEGMENT_SIZE = 1024 * 1024;
    private static final int PRODUCERS = 4;
    private static final int MIN_ACKS_PER_ROUND = 3000;
    /** Segment roll-overs a child must have acknowledged records across before it is killed. */
    private static final int MIN_ROLL_OVERS_PER_ROUND = 2;
    private static final int APPENDS_AFTER_RECOVERY = 20;
    private static final String AFTER_RECOVERY_TOPIC = "after-recovery";
    private static final String TOPIC = CrashingProducerMain.TOPIC;

    @TempDir
    Path dir;

    private final List<Process> children = new CopyOnWriteArrayList<>();
    /** Every (producer, seq) any child acknowledged, with the commit-log offset it reported. */
    private final Acks acks = new Acks(PRODUCERS);
    /** Records the test itself appended to {@link #AFTER_RECOVERY_TOPIC} so far. */
    private int appendedAfterRecovery;

    @AfterEach
    void killLeftoverChildren() throws InterruptedException {
        for (Process child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * SYNC_FLUSH: an append is acknowledged only after its bytes were forced, so every ACK must survive. Three kills:
     * the second child recovers the first crash itself, the test JVM recovers the second and third.
     */
    @Test
    void syncFlushKeepsEveryAcknowledgedRecordAcrossRepeatedKills() throws Exception {
        StoreConfig config = CrashingProducerMain.config(dir, FlushMode.SYNC_FLUSH, SEGMENT_SIZE);

        // Round 1: fresh store.
        ChildRun first = runChildUntilKilled(FlushMode.SYNC_FLUSH);
        assertThat(first.startSeq).containsOnly(0L);
        assertThat(first.startEnd).isZero();
        assertThat(first.stderrContains("the last stop was not clean")).isFalse();

        // Round 2: the child itself recovers the first crash, resumes after (at least) the last ACK, and is killed.
        assertThat(dir.resolve("abort")).as("abort marker left by the killed child").exists();
        ChildRun second = runChildUntilKilled(FlushMode.SYNC_FLUSH);
        assertThat(second.stderrContains("the last stop was not clean"))
                .as("second child saw the abort marker; its stderr:%n%s", second.stderrTail()).isTrue();
        for (int p = 0; p < PRODUCERS; p++) {
            assertThat(second.startSeq[p]).as("producer %d resumes after its last ACK of round 1", p)
                    .isGreaterThan(first.lastAckedSeq(p));
        }

        // The test JVM recovers the second crash and checks all ACKs of rounds 1 and 2.
        RecoveredState afterSecond = recoverVerifyAndReopen(config);

        // Round 3: clean start (the test closed the store), resumes exactly where the test left the queues.
        ChildRun third = runChildUntilKilled(FlushMode.SYNC_FLUSH);
        assertThat(third.stderrContains("the last stop was not clean")).isFalse();
        for (int p = 0; p < PRODUCERS; p++) {
            assertThat(third.startSeq[p]).isEqualTo(afterSecond.queueMaxOffsets[p]);
        }
        assertThat(third.startEnd).isEqualTo(afterSecond.commitLogEnd);

        recoverVerifyAndReopen(config);
        assertThat(acks.total()).isGreaterThanOrEqualTo(3L * MIN_ACKS_PER_ROUND);
    }

    /**
     * ASYNC_FLUSH: an append is acknowledged once it is in the mapped commit log. A killed process leaves its dirty
     * pages in the OS page cache, so after a process kill every ACK must survive here too, with no corruption and no
     * gap. An operating-system crash or power loss could take back up to one flush interval of acknowledged
     * records; this test kills a process, not the machine, so it cannot simulate that.
     */
    @Test
    void asyncFlushKeepsEveryAcknowledgedRecordAfterProcessKill() throws Exception {
        StoreConfig config = CrashingProducerMain.config(dir, FlushMode.ASYNC_FLUSH, SEGMENT_SIZE);

        ChildRun first = runChildUntilKilled(FlushMode.ASYNC_FLUSH);
        assertThat(first.startSeq).containsOnly(0L);

        RecoveredState recovered = recoverVerifyAndReopen(config);

        ChildRun second = runChildUntilKilled(FlushMode.ASYNC_FLUSH);
        for (int p = 0; p < PRODUCERS; p++) {
            assertThat(second.startSeq[p]).isEqualTo(recovered.queueMaxOffsets[p]);
        }
        recoverVerifyAndReopen(config);
    }

    // ---------------------------------------------------------------------------------------------------------
    // One round: child JVM, appends, SIGKILL.
    // ---------------------------------------------------------------------------------------------------------

    private ChildRun runChildUntilKilled(FlushMode mode) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(
                System.getProperty("java.home") + "/bin/java",
                "-Xmx256m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                CrashingProducerMain.class.getName(),
                dir.toString(), mode.name(), Integer.toString(SEGMENT_SIZE), Integer.toString(PRODUCERS));
        Process process = builder.start();
        children.add(process);
        process.getOutputStream().close();

        ChildRun run = new ChildRun(PRODUCERS);
        Thread stdout = readLines(process.getInputStream(), run::onProtocolLine, "child-stdout");
        Thread stderr = readLines(process.getErrorStream(), run.stderr::add, "child-stderr");

        try {
            await().atMost(Duration.ofSeconds(60))
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(5))
                    .failFast("the child exited or reported an error", () -> !process.isAlive() || !run.errors.isEmpty())
                    .until(run::readyToKill);
        } catch (Throwable t) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            stdout.join(10_000);
            stderr.join(10_000);
            throw new AssertionError("child did not acknowledge " + MIN_ACKS_PER_ROUND + " records across "
                    + MIN_ROLL_OVERS_PER_ROUND + " segment roll-overs: " + run.ackCount.get() + " acks, errors "
                    + run.errors + ", stderr tail:\n" + run.stderrTail(), t);
        }

        // Still appending at full speed: kill it with SIGKILL (no shutdown hooks, no clean close).
        assertThat(process.isAlive()).isTrue();
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("exit status of a SIGKILLed process").isEqualTo(128 + 9);
        stdout.join(30_000);
        stderr.join(30_000);
        assertThat(stdout.isAlive()).isFalse();

        assertThat(run.errors).as("child errors; stderr tail:%n%s", run.stderrTail()).isEmpty();
        assertThat(run.ackCount.get()).isGreaterThanOrEqualTo(MIN_ACKS_PER_ROUND);
        // Per producer, ACKs are printed in sequence order without holes, starting at the START seq.
        for (int p = 0; p < PRODUCERS; p++) {
            Map<Long, Long> producerAcks = run.acked.get(p);
            long firstSeq = run.startSeq[p];
            long lastSeq = run.lastAckedSeq(p);
            assertThat(producerAcks.keySet()).hasSize((int) (lastSeq - firstSeq + 1));
            for (long seq = firstSeq; seq <= lastSeq; seq++) {
                assertThat(producerAcks).containsKey(seq);
            }
        }
        acks.addAll(run);
        return run;
    }

    private static Thread readLines(InputStream stream, Consumer<String> sink, String name) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Recovery in the test JVM.
    // ---------------------------------------------------------------------------------------------------------

    private record RecoveredState(long[] queueMaxOffsets, long commitLogEnd) {
    }

    /**
     * Opens the crashed store (recovery), verifies everything, appends new records, closes it cleanly, re-opens it
     * once more (clean start), verifies again and closes it.
     */
    private RecoveredState recoverVerifyAndReopen(StoreConfig config) throws Exception {
        assertThat(dir.resolve("abort")).as("a SIGKILLed store leaves its abort marker").exists();
        long[] maxOffsets = new long[PRODUCERS];
        long recoveredEnd;
        try (LogCapture logs = new LogCapture()) {
            try (MessageStore store = MessageStore.open(config)) {
                assertThat(logs.warnings()).as("recovery path taken")
                        .anyMatch(m -> m.contains("the last stop was not clean"));
                assertThat(dir.resolve("abort")).exists();

                verify(store);
                for (int p = 0; p < PRODUCERS; p++) {
                    maxOffsets[p] = store.maxOffset(TOPIC, p);
                }
                recoveredEnd = store.commitLogMaxOffset();
                assertThat(store.commitLogFlushedOffset()).isEqualTo(recoveredEnd);

                appendAfterRecovery(store, recoveredEnd);
                verify(store);
            }
        }
        assertThat(dir.resolve("abort")).as("a clean close removes the abort marker").doesNotExist();

        long cleanEnd;
        try (LogCapture logs = new LogCapture()) {
            try (MessageStore store = MessageStore.open(config)) {
                assertThat(logs.warnings()).noneMatch(m -> m.contains("the last stop was not clean"));
                assertThat(dir.resolve("abort")).as("the marker is back while the store is open").exists();
                for (int p = 0; p < PRODUCERS; p++) {
                    assertThat(store.maxOffset(TOPIC, p)).isEqualTo(maxOffsets[p]);
                }
                verify(store);
                cleanEnd = store.commitLogMaxOffset();
                assertThat(cleanEnd).isGreaterThan(recoveredEnd);
            }
        }
        assertThat(dir.resolve("abort")).doesNotExist();
        return new RecoveredState(maxOffsets, cleanEnd);
    }

    /** Checks every record of every producer queue, the ACKs, the lookups and the commit log as a whole. */
    private void verify(MessageStore store) {
        Set<Long> commitLogOffsets = new HashSet<>();
        long producerRecords = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            long max = store.maxOffset(TOPIC, p);
            long lastAcked = acks.lastSeq(p);
            assertThat(store.minOffset(TOPIC, p)).isZero();
            assertThat(max).as("producer %d: queue end vs last ACKed seq %d", p, lastAcked)
                    .isGreaterThan(lastAcked);
            Map<Long, Long> acked = acks.of(p);
            long next = 0;
            while (next < max) {
                try (ReadResult result = store.read(TOPIC, p, next, 256, 8 * 1024 * 1024)) {
                    assertThat(result.status()).as("read producer %d at %d", p, next).isEqualTo(ReadResult.Status.FOUND);
                    for (QueuedMessage message : result.messages()) {
                        long seq = next;
                        assertThat(message.queueOffset()).isEqualTo(seq);
                        StoredRecord record = message.record();
                        checkRecord(record, p, seq);
                        assertThat(record.physicalOffset()).isEqualTo(message.commitLogOffset());
                        Long ackedOffset = acked.get(seq);
                        if (ackedOffset != null) {
                            assertThat(message.commitLogOffset()).as("producer %d seq %d: ACKed offset", p, seq)
                                    .isEqualTo(ackedOffset);
                        }
                        assertThat(commitLogOffsets.add(message.commitLogOffset()))
                                .as("commit-log offset %d is in two queue entries", message.commitLogOffset()).isTrue();
                        next++;
                    }
                    assertThat(result.nextOffset()).isEqualTo(next);
                }
            }
            // Every ACKed seq lies below the queue end, and the walk above saw every offset below it: no gaps.
            assertThat(acked.keySet()).allMatch(seq -> seq < max);
            producerRecords += max;
        }
        verifyLookups(store);
        verifyAfterRecoveryTopic(store);
        verifyCommitLogWalk(store, producerRecords + appendedAfterRecovery);
    }

    private static void checkRecord(StoredRecord record, int producer, long seq) {
        assertThat(record.verifyChecksums()).as("producer %d seq %d checksums", producer, seq).isNull();
        assertThat(record.topic()).isEqualTo(TOPIC);
        assertThat(record.queueId()).isEqualTo(producer);
        assertThat(record.queueOffset()).isEqualTo(seq);
        byte[] expected = CrashingProducerMain.body(producer, seq);
        byte[] actual = record.bodyBytes();
        assertThat(Arrays.mismatch(expected, actual))
                .as("producer %d seq %d: body (%d bytes stored, %d expected) differs at index", producer, seq,
                        actual.length, expected.length)
                .isEqualTo(-1);
        assertThat(record.property(MessageProperties.KEYS)).isEqualTo(CrashingProducerMain.key(producer, seq));
        assertThat(record.property(MessageProperties.UNIQ_KEY)).isEqualTo(CrashingProducerMain.uniqueKey(producer, seq));
        assertThat(record.property(MessageProperties.TAGS)).isEqualTo(CrashingProducerMain.tags(producer));
    }

    /** Some ACKed records of every producer (first, last, and a seeded sample) by key, unique key and offset id. */
    private void verifyLookups(MessageStore store) {
        Random random = new Random(42);
        for (int p = 0; p < PRODUCERS; p++) {
            Map<Long, Long> acked = acks.of(p);
            List<Long> ackedSeqs = acked.keySet().stream().sorted().collect(Collectors.toList());
            List<Long> sample = new ArrayList<>(List.of(ackedSeqs.get(0), ackedSeqs.get(ackedSeqs.size() - 1)));
            for (int i = 0; i < 25; i++) {
                sample.add(ackedSeqs.get(random.nextInt(ackedSeqs.size())));
            }
            for (long seq : sample) {
                long offset = acked.get(seq);
                List<StoredRecord> byKey = store.lookupByKey(TOPIC, CrashingProducerMain.key(p, seq), 4);
                assertThat(byKey).as("lookup by key %s", CrashingProducerMain.key(p, seq)).hasSize(1);
                assertThat(byKey.get(0).physicalOffset()).isEqualTo(offset);
                checkRecord(byKey.get(0), p, seq);

                Optional<StoredRecord> byUnique = store.lookupByUniqueKey(TOPIC, CrashingProducerMain.uniqueKey(p, seq));
                assertThat(byUnique).as("lookup by unique key %s", CrashingProducerMain.uniqueKey(p, seq)).isPresent();
                assertThat(byUnique.get().physicalOffset()).isEqualTo(offset);

                String id = new OffsetMessageId(CrashingProducerMain.STORE_HOST, offset).encode();
                Optional<StoredRecord> byId = store.lookupByOffsetMessageId(id);
                assertThat(byId).as("lookup by offset message id %s", id).isPresent();
                checkRecord(byId.get(), p, seq);
            }
        }
    }

    /**
     * Walks the whole commit log record by record (through offset-id lookups, skipping segment fillers): every
     * byte up to the end is an intact record or a filler, and there are exactly as many records as queue entries,
     * so nothing is duplicated and nothing is orphaned.
     */
    private static void verifyCommitLogWalk(MessageStore store, long expectedRecords) {
        long offset = store.commitLogMinOffset();
        long end = store.commitLogMaxOffset();
        long records = 0;
        while (offset < end) {
            String id = new OffsetMessageId(CrashingProducerMain.STORE_HOST, offset).encode();
            Optional<StoredRecord> record = store.lookupByOffsetMessageId(id);
            if (record.isPresent()) {
                assertThat(record.get().verifyChecksums()).isNull();
                records++;
                offset += record.get().totalSize();
            } else {
                // Only a segment's end-of-segment filler may sit between records.
                offset = (offset / SEGMENT_SIZE + 1) * SEGMENT_SIZE;
            }
        }
        assertThat(offset).isEqualTo(end);
        assertThat(records).as("records in the commit log").isEqualTo(expectedRecords);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Appends after recovery.
    // ---------------------------------------------------------------------------------------------------------

    private static byte[] afterRecoveryBody(int n) {
        return ("after-recovery:" + n + ":" + "#".repeat(n % 97)).getBytes(StandardCharsets.UTF_8);
    }

    private void appendAfterRecovery(MessageStore store, long recoveredEnd) throws Exception {
        int first = appendedAfterRecovery;
        for (int i = 0; i < APPENDS_AFTER_RECOVERY; i++) {
            int n = first + i;
            AppendResult result = store.append(MessageToAppend.builder(AFTER_RECOVERY_TOPIC)
                    .body(afterRecoveryBody(n)).keys("after-" + n).build()).get(30, TimeUnit.SECONDS);
            assertThat(result.queueOffset()).isEqualTo(n);
            if (i == 0) {
                assertThat(result.commitLogOffset()).as("first append after recovery, recovered end %d", recoveredEnd)
                        .isEqualTo(expectedPlacement(recoveredEnd, result.size()));
            }
        }
        appendedAfterRecovery += APPENDS_AFTER_RECOVERY;
        int expected = appendedAfterRecovery;
        await().atMost(Duration.ofSeconds(10)).until(() -> store.maxOffset(AFTER_RECOVERY_TOPIC, 0) == expected);
        assertThat(store.lookupByKey(AFTER_RECOVERY_TOPIC, "after-" + first, 2)).hasSize(1);
    }

    /** Where a record of {@code size} bytes appended at {@code end} lands: there, or after the segment's filler. */
    private static long expectedPlacement(long end, int size) {
        long segmentEnd = (end / SEGMENT_SIZE + 1) * SEGMENT_SIZE;
        if (end % SEGMENT_SIZE != 0 && size + 8 > segmentEnd - end) {
            return segmentEnd;
        }
        return end;
    }

    private void verifyAfterRecoveryTopic(MessageStore store) {
        assertThat(store.maxOffset(AFTER_RECOVERY_TOPIC, 0)).isEqualTo(appendedAfterRecovery);
        int n = 0;
        while (n < appendedAfterRecovery) {
            try (ReadResult result = store.read(AFTER_RECOVERY_TOPIC, 0, n, 64, 1024 * 1024)) {
                assertThat(result.status()).isEqualTo(ReadResult.Status.FOUND);
                for (QueuedMessage message : result.messages()) {
                    assertThat(message.record().bodyBytes()).isEqualTo(afterRecoveryBody(n));
                    assertThat(message.record().verifyChecksums()).isNull();
                    n++;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bookkeeping.
    // ---------------------------------------------------------------------------------------------------------

    /** What one child printed. */
    private static final class ChildRun {
        final List<Map<Long, Long>> acked = new ArrayList<>();
        final long[] startSeq;
        volatile long startEnd = -1;
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger ackCount = new AtomicInteger();
        final AtomicLong maxAckedOffset = new AtomicLong(-1);
        final List<String> errors = new CopyOnWriteArrayList<>();
        final List<String> stderr = new CopyOnWriteArrayList<>();

        ChildRun(int producers) {
            startSeq = new long[producers];
            Arrays.fill(startSeq, -1);
            for (int p = 0; p < producers; p++) {
                acked.add(new ConcurrentHashMap<>());
            }
        }

        void onProtocolLine(String line) {
            String[] f = line.split(" ");
            switch (f[0]) {
                case "START" -> {
                    startSeq[Integer.parseInt(f[1])] = Long.parseLong(f[2]);
                    startEnd = Long.parseLong(f[3]);
                    starts.incrementAndGet();
                }
                case "ACK" -> {
                    long offset = Long.parseLong(f[3]);
                    Long previous = acked.get(Integer.parseInt(f[1])).put(Long.parseLong(f[2]), offset);
                    if (previous != null) {
                        errors.add("acknowledged twice: " + line);
                    }
                    ackCount.incrementAndGet();
                    maxAckedOffset.accumulateAndGet(offset, Math::max);
                }
                case "ERROR" -> errors.add(line);
                default -> errors.add("unexpected line on the child's stdout: " + line);
            }
        }

        boolean readyToKill() {
            if (starts.get() < startSeq.length || ackCount.get() < MIN_ACKS_PER_ROUND) {
                return false;
            }
            long firstSegment = startEnd / SEGMENT_SIZE;
            return maxAckedOffset.get() >= (firstSegment + MIN_ROLL_OVERS_PER_ROUND) * SEGMENT_SIZE;
        }

        long lastAckedSeq(int producer) {
            return acked.get(producer).keySet().stream().mapToLong(Long::longValue).max().orElse(startSeq[producer] - 1);
        }

        boolean stderrContains(String text) {
            return stderr.stream().anyMatch(line -> line.contains(text));
        }

        String stderrTail() {
            int from = Math.max(0, stderr.size() - 40);
            return String.join("\n", stderr.subList(from, stderr.size()));
        }
    }

    /** Every ACK of every round, per producer: seq -> commit-log offset. */
    private static final class Acks {
        private final List<Map<Long, Long>> byProducer = new ArrayList<>();

        Acks(int producers) {
            for (int p = 0; p < producers; p++) {
                byProducer.add(new ConcurrentHashMap<>());
            }
        }

        void addAll(ChildRun run) {
            for (int p = 0; p < byProducer.size(); p++) {
                for (Map.Entry<Long, Long> ack : run.acked.get(p).entrySet()) {
                    Long previous = byProducer.get(p).putIfAbsent(ack.getKey(), ack.getValue());
                    if (previous != null) {
                        fail("producer %d seq %d acknowledged in two rounds (offsets %d and %d)", p, ack.getKey(),
                                previous, ack.getValue());
                    }
                }
            }
        }

        Map<Long, Long> of(int producer) {
            return byProducer.get(producer);
        }

        long lastSeq(int producer) {
            return byProducer.get(producer).keySet().stream().mapToLong(Long::longValue).max().orElse(-1);
        }

        long total() {
            return byProducer.stream().mapToLong(Map::size).sum();
        }
    }

    /** Captures what {@link MessageStore} logs while open. */
    private static final class LogCapture implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger(MessageStore.class);
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        LogCapture() {
            appender.start();
            logger.addAppender(appender);
        }

        List<String> warnings() {
            synchronized (appender) {
                return appender.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                        .map(ILoggingEvent::getFormattedMessage).collect(Collectors.toList());
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
