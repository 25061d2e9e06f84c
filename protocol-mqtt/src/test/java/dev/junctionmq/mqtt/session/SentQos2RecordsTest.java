package dev.junctionmq.mqtt.session;

import dev.junctionmq.mqtt.state.KeyValueJournal;
import dev.junctionmq.mqtt.subscription.FilterRouting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Outbound QoS 2 records of a persistent session: on disk before the PUBLISH, marked by PUBREC, and dropped only
 * once no redelivery can come (old enough, and nothing before them in their queue unacknowledged).
 */
class SentQos2RecordsTest {

    @TempDir
    Path dir;

    @Test
    void receivedRecordsAreKeptUntilOldAndNothingBeforeThemIsUnacknowledged() {
        SentQos2 early = new SentQos2("meters/#", "%MQTT%meters/#:0", 10, 5, 0);
        SentQos2 late = new SentQos2("meters/#", "%MQTT%meters/#:0", 12, 6, 0);
        String queue = SentQos2Records.queueKey("meters/#", "%MQTT%meters/#:0");
        long t0 = 1_700_000_000_000L;
        try (SessionRegistry registry = new SessionRegistry(dir, new FilterRouting(), null, 1)) {
            SessionState session = new SessionState("meter-reader", 1, 3600);
            SentQos2Records records = new SentQos2Records(registry, session);
            assertThat(records.enabled()).isTrue();
            records.sending(early).join();
            records.sending(late).join();
            assertThat(records.alreadyReceived(early.messageKey(), t0)).as("sent, not answered yet").isFalse();

            records.received(early, t0).join();
            records.received(late, t0).join();
            assertThat(records.alreadyReceived(early.messageKey(), t0)).as("answered: not sent again").isTrue();

            records.prune(t0 + 1_000, Map::of);
            assertThat(session.sentQos2).as("younger than KEEP_MILLIS").hasSize(2);

            long old = t0 + SentQos2Records.KEEP_MILLIS + 2_000;
            records.prune(old, () -> Map.of(queue, 11L)); // offset 11 still unacknowledged: the group is before 12
            assertThat(session.sentQos2).containsOnlyKeys(late.messageKey());

            records.prune(old + 500, Map::of);
            assertThat(session.sentQos2).as("at most one prune a second").containsOnlyKeys(late.messageKey());
            records.prune(old + 1_100, Map::of);
            assertThat(session.sentQos2).isEmpty();
        }
        try (KeyValueJournal journal = KeyValueJournal.open(dir.resolve("sessions.journal"))) {
            assertThat(journal.loaded()).as("the removals are on disk").isEmpty();
        }
    }
}
