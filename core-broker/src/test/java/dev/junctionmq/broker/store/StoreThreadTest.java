package dev.junctionmq.broker.store;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StoreThreadTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    /**
     * Takes every published unit of work and parks for a minute whenever there is none: a lost wake-up shows as work
     * left waiting far longer than {@link #PROMPTLY}. It can be held just before its first park.
     */
    private static final class Worker extends StoreThread {
        final AtomicLong published = new AtomicLong();
        final AtomicLong taken = new AtomicLong();
        final CountDownLatch aboutToPark = new CountDownLatch(1);
        final CountDownLatch mayPark = new CountDownLatch(1);
        volatile boolean parking;

        Worker(boolean holdBeforeFirstPark) {
            super("store-thread-test");
            if (!holdBeforeFirstPark) {
                mayPark.countDown();
            }
        }

        @Override
        public void run() {
            while (isRunning()) {
                if (taken.get() < published.get()) {
                    taken.incrementAndGet();
                    continue;
                }
                aboutToPark.countDown();
                try {
                    mayPark.await();
                } catch (InterruptedException e) {
                    return;
                }
                parking = true;
                parkUnless(() -> taken.get() < published.get(), TimeUnit.MINUTES.toNanos(1));
                parking = false;
            }
        }

        void publishAndWake() {
            published.incrementAndGet();
            wakeUp();
        }
    }

    /** The worker has found nothing to do, but not announced its park yet, when work and its wake-up arrive. */
    @Test
    void workPublishedJustBeforeTheParkIsTakenWithoutWaitingOutThePark() throws Exception {
        Worker worker = new Worker(true);
        worker.start();
        try {
            assertThat(worker.aboutToPark.await(5, TimeUnit.SECONDS)).isTrue();
            worker.publishAndWake(); // nobody is parking yet: no unpark, the work must be seen by the check
            worker.mayPark.countDown();
            await().atMost(PROMPTLY).until(() -> worker.taken.get() == 1);
        } finally {
            worker.stop();
        }
    }

    @Test
    void aParkedWorkerIsWokenForNewWork() {
        Worker worker = new Worker(false);
        worker.start();
        try {
            await().atMost(PROMPTLY).until(() -> worker.parking);
            worker.publishAndWake();
            await().atMost(PROMPTLY).until(() -> worker.taken.get() == 1);
        } finally {
            worker.stop();
        }
    }

    /** Many wake-ups from several threads while the worker is busy, parking or parked: all the work is taken. */
    @Test
    void wakeUpsFromManyThreadsAtAnyMomentLoseNoWork() throws Exception {
        Worker worker = new Worker(false);
        worker.start();
        try {
            int threads = 4;
            int perThread = 5_000;
            Thread[] publishers = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                publishers[t] = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        worker.publishAndWake();
                        if (i % 64 == 0) {
                            Thread.yield(); // let the worker catch up and park now and then
                        }
                    }
                });
                publishers[t].start();
            }
            for (Thread publisher : publishers) {
                publisher.join();
            }
            await().atMost(PROMPTLY).until(() -> worker.taken.get() == (long) threads * perThread);
        } finally {
            worker.stop();
        }
    }
}
