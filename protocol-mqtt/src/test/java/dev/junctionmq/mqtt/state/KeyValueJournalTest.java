package dev.junctionmq.mqtt.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.assertj.core.api.Assertions.assertThat;

class KeyValueJournalTest {

    @TempDir
    Path dir;

    @Test
    void putsAndRemovesSurviveReopenAndATornTail() throws Exception {
        Path file = dir.resolve("j.journal");
        try (KeyValueJournal journal = KeyValueJournal.open(file)) {
            journal.put("a", new byte[] {1}).join();
            journal.put("b", new byte[] {2}).join();
            journal.put("a", new byte[] {3}).join();
            journal.remove("b").join();
            journal.put("c", new byte[0]).join();
        }
        // a crash in the middle of a record leaves a torn tail: it is dropped
        Files.write(file, new byte[] {0, 0, 0, 9, 'x'}, StandardOpenOption.APPEND);
        try (KeyValueJournal journal = KeyValueJournal.open(file)) {
            assertThat(journal.loaded()).containsOnlyKeys("a", "c");
            assertThat(journal.loaded().get("a")).containsExactly(3);
            assertThat(journal.loaded().get("c")).isEmpty();
            journal.put("d", new byte[] {4}).join();
        }
        try (KeyValueJournal journal = KeyValueJournal.open(file)) {
            assertThat(journal.loaded()).containsOnlyKeys("a", "c", "d");
        }
    }

    @Test
    void aGrowingFileIsCompactedWhileRunningAndKeepsWhatIsLive() throws Exception {
        Path file = dir.resolve("k.journal");
        byte[] value = new byte[100];
        try (KeyValueJournal journal = KeyValueJournal.open(file, 10_000)) {
            for (int i = 0; i < 1_000; i++) {
                value[0] = (byte) i;
                journal.put("record-" + (i % 10), value).join(); // ~115 KB written, ten keys live
                if (i % 3 == 0) {
                    journal.remove("gone-" + i).join();
                }
            }
            journal.remove("record-9").join();
            assertThat(Files.size(file)).as("compacted while running").isLessThan(25_000);
        }
        try (KeyValueJournal journal = KeyValueJournal.open(file)) {
            assertThat(journal.loaded()).hasSize(9).doesNotContainKey("record-9");
            assertThat(journal.loaded().get("record-0")[0]).isEqualTo((byte) 990);
            assertThat(journal.loaded().get("record-8")[0]).isEqualTo((byte) 998);
        }
    }
}
