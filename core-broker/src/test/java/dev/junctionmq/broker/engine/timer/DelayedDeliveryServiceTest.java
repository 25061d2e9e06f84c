package dev.junctionmq.broker.engine.timer;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.QueuedMessage;
import dev.junctionmq.broker.store.ReadResult;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.record.MessageProperties;
import dev.junctionmq.broker.store.record.MessageToAppend;
import dev.junctionmq.broker.store.record.RecordFormat;
import dev.junctionmq.broker.store.record.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class DelayedDeliveryServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TIMER = DelayedDeliveryService.TIMER_TOPIC;

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private MessageStore store;
    private DelayedDeliveryService service;

    private StoreConfig config() {
        return StoreConfig.builder(dir.resolve("store")).commitLogSegmentSize(1 << 20).maxMessageSize(64 * 1024)
                .indexHashSlots(1024).indexMaxEntries(4096).build();
    }

    private Path stateFile() {
        return dir.resolve("timer-state.json");
    }

    private void open() {
        store = MessageStore.open(config());
        service = new DelayedDeliveryService(store, stateFile(), clock);
        service.start();
        fence(); // warms the store up (maps the first segment), so the timings below are not eaten by it
    }

    private void closeAll() {
        if (service != null) {
            service.close();
            service = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    @AfterEach
    void tearDown() {
        closeAll();
    }

    private static MessageToAppend message(String topic, int queueId, String body) {
        return MessageToAppend.builder(topic).queueId(queueId).body(body.getBytes(StandardCharsets.UTF_8))
                .uniqueKey("U-" + topic + "-" + body).build();
    }

    /**
     * Appends a marker to another topic and waits until it is dispatched: the dispatcher goes through the commit
     * log in order, so every record written before it is then readable from its queue.
     */
    private void fence() {
        AppendResult marker = store.append(message("fence", 0, "marker")).join();
        await().atMost(WAIT).until(() -> store.maxOffset("fence", 0) > marker.queueOffset());
    }

    /** Heap copies of every record in the queue, in queue order. */
    private List<StoredRecord> readAll(String topic, int queueId) {
        List<StoredRecord> records = new ArrayList<>();
        long offset = store.minOffset(topic, queueId);
        while (true) {
            try (ReadResult result = store.read(topic, queueId, offset, 32, 1024 * 1024)) {
                if (result.status() != ReadResult.Status.FOUND) {
                    return records;
                }
                for (QueuedMessage m : result.messages()) {
                    ByteBuffer raw = m.rawRecord();
                    ByteBuffer copy = ByteBuffer.allocate(raw.remaining());
                    copy.put(raw).flip();
                    records.add(new StoredRecord(copy));
                }
                offset = result.nextOffset();
            }
        }
    }

    private List<String> bodies(String topic, int queueId) {
        return readAll(topic, queueId).stream().map(r -> new String(r.bodyBytes(), StandardCharsets.UTF_8)).toList();
    }

    /**
     * Checks that nothing has reached the queue yet. Only conclusive while it is not due: on a machine too slow to
     * get here before the due time the check is skipped (the store-timestamp assertions still hold then).
     */
    private void assertNothingYet(String topic, int queueId, long deliverAt) {
        fence();
        long count = store.maxOffset(topic, queueId);
        if (clock.millis() < deliverAt) {
            assertThat(count).as("%s:%d has nothing before the due time", topic, queueId).isZero();
        }
    }

    /** Waits until nothing is pending, then until everything re-put is readable. */
    private void awaitSettled() {
        await().atMost(WAIT).until(() -> service.pendingCount() == 0);
        fence();
    }

    private static Map<String, String> withoutCrc(Map<String, String> properties) {
        Map<String, String> copy = new HashMap<>(properties);
        copy.remove(RecordFormat.CRC32_PROPERTY);
        return copy;
    }

    @Test
    void messageIsHeldUntilDueThenDeliveredOnceUnchanged() {
        open();
        byte[] body = "hello, later".getBytes(StandardCharsets.UTF_8);
        InetSocketAddress bornHost = new InetSocketAddress("10.1.2.3", 5555);
        MessageToAppend original = MessageToAppend.builder("orders").queueId(2).body(body).flag(7)
                .tags("created").keys("order-1", "customer-9").uniqueKey("UNIQ-1").property("custom", "x y z")
                .bornTimestamp(1_700_000_000_000L).bornHost(bornHost).reconsumeTimes(3).build();

        long deliverAt = clock.millis() + 300;
        AppendResult timerRecord = service.schedule(original, deliverAt).join();
        int pending = service.pendingCount();
        if (clock.millis() < deliverAt) {
            assertThat(pending).isEqualTo(1);
        }

        assertNothingYet("orders", 2, deliverAt);
        assertThat(store.maxOffset(TIMER, 0)).isEqualTo(timerRecord.queueOffset() + 1);

        await().atMost(WAIT).until(() -> store.maxOffset("orders", 2) >= 1);
        awaitSettled();

        List<StoredRecord> delivered = readAll("orders", 2);
        assertThat(delivered).hasSize(1);
        StoredRecord record = delivered.get(0);
        assertThat(record.storeTimestamp()).as("written at or after its due time").isGreaterThanOrEqualTo(deliverAt);
        assertThat(record.topic()).isEqualTo("orders");
        assertThat(record.queueId()).isEqualTo(2);
        assertThat(record.bodyBytes()).isEqualTo(body);
        assertThat(record.flag()).isEqualTo(7);
        assertThat(record.bornTimestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(record.bornHost()).isEqualTo(bornHost);
        assertThat(record.reconsumeTimes()).isEqualTo(3);
        Map<String, String> expected = new HashMap<>(original.properties());
        expected.put(MessageProperties.TIMER_DELIVER_MS, Long.toString(deliverAt));
        assertThat(withoutCrc(record.properties())).isEqualTo(expected);
        assertThat(store.lookupByUniqueKey("orders", "UNIQ-1")).isPresent();
        assertThat(service.pendingCount()).isZero();
    }

    @Test
    void messagesScheduledOutOfOrderArriveInDueOrder() {
        open();
        long now = clock.millis();
        Map<String, Long> due = Map.of("600", now + 600, "200", now + 200, "400", now + 400);
        for (String body : List.of("600", "200", "400")) {
            service.schedule(message("events", 0, body), due.get(body)).join();
        }
        assertNothingYet("events", 0, now + 200);

        await().atMost(WAIT).until(() -> store.maxOffset("events", 0) >= 3);
        awaitSettled();

        List<StoredRecord> records = readAll("events", 0);
        assertThat(records).extracting(r -> new String(r.bodyBytes(), StandardCharsets.UTF_8))
                .containsExactly("200", "400", "600");
        for (StoredRecord r : records) {
            long deliverAt = due.get(new String(r.bodyBytes(), StandardCharsets.UTF_8));
            assertThat(r.storeTimestamp()).isGreaterThanOrEqualTo(deliverAt);
            assertThat(r.property(MessageProperties.TIMER_DELIVER_MS)).isEqualTo(Long.toString(deliverAt));
        }
    }

    @Test
    void pastOrPresentDeliveryTimeGoesStraightToTheRealTopic() {
        open();
        long now = clock.millis();
        MessageToAppend past = message("now", 1, "past");
        AppendResult r1 = service.schedule(past, now - 5_000).join();
        AppendResult r2 = service.schedule(message("now", 1, "present"), now).join();

        assertThat(r1.queueOffset()).isZero();
        assertThat(r2.queueOffset()).isEqualTo(1);
        fence();
        assertThat(store.maxOffset(TIMER, 0)).as("nothing went through the timer topic").isZero();
        assertThat(service.pendingCount()).isZero();
        List<StoredRecord> records = readAll("now", 1);
        assertThat(records).extracting(r -> new String(r.bodyBytes(), StandardCharsets.UTF_8))
                .containsExactly("past", "present");
        assertThat(withoutCrc(records.get(0).properties())).isEqualTo(past.properties());
    }

    @Test
    void timersDueRightAfterSchedulingAreDeliveredExactlyOnce() {
        // due before the store has dispatched the timer record into the timer queue: read back by commit-log place
        open();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            service.schedule(message("soon", 0, "s" + i), clock.millis() + 1 + i % 3);
            expected.add("s" + i);
        }
        await().atMost(WAIT).until(() -> store.maxOffset("soon", 0) >= 100);
        awaitSettled();
        assertThat(bodies("soon", 0)).hasSize(100).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void pendingTimersSurviveARestartAndDeliveredOnesAreNotDeliveredAgain() {
        open();
        long now = clock.millis();
        // scheduled first, so its timer-queue offset (0) pins the watermark: what is delivered after it must be
        // remembered in the done set
        service.schedule(message("far", 0, "far"), now + 60_000).join();
        service.schedule(message("early", 0, "e1"), now + 100).join();
        service.schedule(message("early", 0, "e2"), now + 150).join();
        long lateAt = now + 2_000;
        for (int i = 0; i < 3; i++) {
            service.schedule(message("late", 0, "l" + i), lateAt + i * 100).join();
        }
        await().atMost(WAIT).until(() -> store.maxOffset("early", 0) >= 2);
        await().atMost(WAIT).until(() -> service.pendingCount() == 4);

        closeAll();
        assertThat(clock.millis()).as("stopped before the late ones were due").isLessThan(lateAt);
        assertThat(stateFile()).exists();

        open();
        int pending = service.pendingCount();
        if (clock.millis() < lateAt) {
            assertThat(pending).as("far and the three late ones").isEqualTo(4);
        }
        await().atMost(WAIT).until(() -> store.maxOffset("late", 0) >= 3);
        await().atMost(WAIT).until(() -> service.pendingCount() == 1);
        fence();

        assertThat(bodies("early", 0)).containsExactly("e1", "e2");
        assertThat(bodies("late", 0)).containsExactly("l0", "l1", "l2");
        assertThat(bodies("far", 0)).isEmpty();
        for (StoredRecord r : readAll("late", 0)) {
            assertThat(r.storeTimestamp())
                    .isGreaterThanOrEqualTo(Long.parseLong(r.property(MessageProperties.TIMER_DELIVER_MS)));
        }

        // and once more: nothing is delivered twice after a second clean restart either
        closeAll();
        open();
        assertThat(service.pendingCount()).isEqualTo(1);
        fence();
        assertThat(bodies("early", 0)).hasSize(2);
        assertThat(bodies("late", 0)).hasSize(3);
    }

    @Test
    void missingStateFileStillDeliversPendingTimers() throws Exception {
        open();
        long now = clock.millis();
        service.schedule(message("early", 0, "e1"), now + 100).join();
        long lateAt = now + 2_000;
        service.schedule(message("late", 0, "l1"), lateAt).join();
        service.schedule(message("late", 0, "l2"), lateAt + 100).join();
        await().atMost(WAIT).until(() -> store.maxOffset("early", 0) >= 1);
        await().atMost(WAIT).until(() -> service.pendingCount() == 2);

        closeAll();
        assertThat(clock.millis()).isLessThan(lateAt);
        Files.delete(stateFile());

        open();
        await().atMost(WAIT).until(() -> store.maxOffset("late", 0) >= 2);
        awaitSettled();

        // no loss; a duplicate is allowed only for the one delivered before the restart
        assertThat(bodies("late", 0)).containsExactly("l1", "l2");
        assertThat(bodies("early", 0)).hasSizeBetween(1, 2).containsOnly("e1");
    }

    @Test
    void progressIsSavedPeriodicallyWhileRunning() {
        open();
        service.schedule(message("t", 0, "a"), clock.millis() + 50).join();
        service.schedule(message("t", 0, "b"), clock.millis() + 100).join();
        fence();
        assertThat(store.maxOffset(TIMER, 0)).as("both went through the timer topic").isEqualTo(2);
        await().atMost(WAIT).until(() -> store.maxOffset("t", 0) >= 2);
        // without closing the service: the state file catches up within a couple of seconds
        await().atMost(WAIT).until(() -> Files.exists(stateFile())
                && TimerProgress.load(stateFile()).watermark() == 2);
    }

    @Test
    void multiDispatchTopicsAreCarriedOverOnlyAtDelivery() {
        open();
        MessageToAppend original = MessageToAppend.builder("sensors").queueId(0)
                .body("21.5".getBytes(StandardCharsets.UTF_8)).alsoDispatchTo("lmq-a").alsoDispatchTo("lmq-b")
                .build();
        long deliverAt = clock.millis() + 500;
        service.schedule(original, deliverAt).join();
        assertNothingYet("lmq-a", 0, deliverAt);
        assertNothingYet("sensors", 0, deliverAt);

        await().atMost(WAIT).until(() -> store.maxOffset("lmq-b", 0) >= 1);
        awaitSettled();
        assertThat(bodies("sensors", 0)).containsExactly("21.5");
        assertThat(bodies("lmq-a", 0)).containsExactly("21.5");
        assertThat(bodies("lmq-b", 0)).containsExactly("21.5");
        // the extra queues point at the re-put record, never at the timer record
        assertThat(readAll("lmq-a", 0)).extracting(StoredRecord::topic).containsExactly("sensors");
        assertThat(readAll("lmq-b", 0)).extracting(StoredRecord::topic).containsExactly("sensors");
        assertThat(readAll("sensors", 0).get(0).storeTimestamp()).isGreaterThanOrEqualTo(deliverAt);
        StoredRecord record = readAll("sensors", 0).get(0);
        assertThat(record.properties()).doesNotContainKeys(DelayedDeliveryService.TIMER_MULTI_DISPATCH,
                MessageProperties.REAL_TOPIC, MessageProperties.REAL_QUEUE_ID);
    }

    @Test
    void stateAheadOfTheStoreDoesNotSwallowNewTimers() throws Exception {
        // e.g. the store directory was replaced while the state file stayed
        Files.writeString(stateFile(), "{\"version\":1,\"watermark\":5,\"done\":[[7,9]]}");
        open();
        service.schedule(message("fresh", 0, "f"), clock.millis() + 100).join();
        await().atMost(WAIT).until(() -> store.maxOffset("fresh", 0) >= 1);
        awaitSettled();
        assertThat(bodies("fresh", 0)).containsExactly("f");
    }

    @Test
    void rejectsWhatItCannotDeliver() {
        store = MessageStore.open(config());
        service = new DelayedDeliveryService(store, stateFile(), clock);
        assertThatThrownBy(() -> service.schedule(message("x", 0, "x"), clock.millis() + 1000))
                .isInstanceOf(IllegalStateException.class);
        service.start();

        MessageToAppend prepared = MessageToAppend.builder("x").sysFlag(RecordFormat.SYSFLAG_TRANSACTION_PREPARED)
                .body(new byte[1]).build();
        assertThatThrownBy(() -> service.schedule(prepared, clock.millis() + 1000))
                .isInstanceOf(IllegalArgumentException.class);
        long beyondRetention = clock.millis() + config().retentionTime().toMillis() + 60_000;
        assertThatThrownBy(() -> service.schedule(message("x", 0, "x"), beyondRetention))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("retention");
        assertThat(service.pendingCount()).isZero();
    }
}
