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
}
