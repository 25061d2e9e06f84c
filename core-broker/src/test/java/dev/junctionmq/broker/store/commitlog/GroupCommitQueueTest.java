package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.AppendResult;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class GroupCommitQueueTest {

    private static AppendRequest request(long offset) {
        return new AppendRequest(new AppendResult(offset, 100, offset / 100, 0L, new InetSocketAddress(0)));
    }

    @Test
    void takeGroupWaitsForTheRequestedSizeAndTakesEverythingQueuedInOrder() throws Exception {
        GroupCommitQueue queue = new GroupCommitQueue(16);
        List<AppendRequest> group = new ArrayList<>();
        CompletableFuture<Void> taken = CompletableFuture.runAsync(() -> {
            try {
                queue.takeGroup(group, 3, TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        queue.put(request(0));
        queue.put(request(100));
        assertThat(taken).isNotDone();
        queue.put(request(200));
        taken.get(10, TimeUnit.SECONDS);
        assertThat(group).extracting(r -> r.result.commitLogOffset()).containsExactly(0L, 100L, 200L);
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void takeGroupReturnsWhatThereIsWhenTheTimeoutPasses() throws Exception {
        GroupCommitQueue queue = new GroupCommitQueue(16);
        queue.put(request(0));
        List<AppendRequest> group = new ArrayList<>();
        queue.takeGroup(group, 5, TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(group).hasSize(1);
        group.clear();
        queue.takeGroup(group, 1, TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(group).isEmpty();
    }

    @Test
    void aFullQueueHoldsAppendersBackUntilTheFlusherTakesAGroup() throws Exception {
        GroupCommitQueue queue = new GroupCommitQueue(2);
        queue.put(request(0));
        queue.put(request(100));
        CountDownLatch thirdQueued = new CountDownLatch(1);
        Thread appender = new Thread(() -> {
            try {
                queue.put(request(200));
                thirdQueued.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        appender.start();
        assertThat(thirdQueued.await(100, TimeUnit.MILLISECONDS)).isFalse();
        List<AppendRequest> group = new ArrayList<>();
        queue.takeGroup(group, 1, 0);
        assertThat(group).hasSize(2);
        assertThat(thirdQueued.await(10, TimeUnit.SECONDS)).isTrue();
        appender.join(10_000);
    }

    @Test
    void wakeUpReleasesAWaitingFlusher() {
        GroupCommitQueue queue = new GroupCommitQueue(16);
        List<AppendRequest> group = new ArrayList<>();
        CompletableFuture<Void> taken = CompletableFuture.runAsync(() -> {
            try {
                queue.takeGroup(group, 1, TimeUnit.MINUTES.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            queue.wakeUp();
            assertThat(taken).isDone();
        });
        assertThat(group).isEmpty();
    }
}
