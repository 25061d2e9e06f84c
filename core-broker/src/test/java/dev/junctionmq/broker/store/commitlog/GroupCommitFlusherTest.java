package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.store.record.MessageToAppend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupCommitFlusherTest {

    @TempDir
    Path dir;

    /**
     * The confirmed-offset listener (the dispatcher's wake-up) runs once the group its force covered has been
     * acknowledged, not between the force and the acknowledgements, where it would take CPU from the producers
     * coming back with their next sends.
     */
    @Test
    void theListenerHearsOfAForceOnlyAfterTheGroupItCoveredIsAcknowledged() throws Exception {
        StoreConfig config = StoreConfig.builder(dir).flushMode(FlushMode.SYNC_FLUSH).preallocate(false).build();
        AtomicReference<CompletableFuture<AppendResult>> appended = new AtomicReference<>();
        List<Boolean> acknowledgedWhenTold = new CopyOnWriteArrayList<>();
        CommitLog log = new CommitLog(config, dir.resolve("commitlog"));
        try {
            log.load();
            log.recovered(0, 0);
            log.start(() -> acknowledgedWhenTold.add(appended.get().isDone()));
            // The flusher forces under the log's monitor: holding it keeps the force from running before the
            // future is known to the listener.
            synchronized (log) {
                appended.set(log.append(MessageToAppend.builder("group").body("one".getBytes(StandardCharsets.UTF_8))
                        .build()));
            }
            AppendResult result = appended.get().get(10, TimeUnit.SECONDS);

            assertThat(log.flushedOffset()).isEqualTo(result.commitLogOffset() + result.size());
            await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> !acknowledgedWhenTold.isEmpty());
            assertThat(acknowledgedWhenTold).as("was the append acknowledged each time the listener ran?")
                    .containsOnly(true);
        } finally {
            log.close();
            log.unmap();
        }
    }
}
