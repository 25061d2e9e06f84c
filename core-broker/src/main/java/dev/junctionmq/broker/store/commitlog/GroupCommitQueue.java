package dev.junctionmq.broker.store.commitlog;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-over from appenders to the group-commit thread, which can wait for a group of a given size.
 *
 * <p>Unlike a blocking queue, an append wakes the waiting flusher only when it completes the group the flusher asked
 * for, not on every element: on a machine with few cores, a wake-up per append costs the producers the CPU they need
 * to come back with their next message.
 */
final class GroupCommitQueue {

    private final int capacity;
    private final ArrayDeque<AppendRequest> requests;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition groupReady = lock.newCondition();
    private final Condition spaceFree = lock.newCondition();
    /** How many requests the flusher waits for; guarded by {@link #lock}. */
    private int wanted = Integer.MAX_VALUE;

    GroupCommitQueue(int capacity) {
        this.capacity = capacity;
        this.requests = new ArrayDeque<>(Math.min(capacity, 1024));
    }

    /** Adds a request, waiting while the queue is full (back-pressure on appenders). */
    void put(AppendRequest request) throws InterruptedException {
        lock.lock();
        try {
            while (requests.size() >= capacity) {
                spaceFree.await();
            }
            requests.add(request);
            if (requests.size() == wanted) {
                groupReady.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves up to all queued requests into {@code group} once at least {@code size} are queued, or once
     * {@code timeoutNanos} have passed with fewer (then it moves what there is, possibly nothing).
     */
    void takeGroup(List<AppendRequest> group, int size, long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long remaining = timeoutNanos;
            wanted = Math.max(1, size);
            while (requests.size() < wanted && remaining > 0) {
                remaining = groupReady.awaitNanos(remaining);
            }
            wanted = Integer.MAX_VALUE;
            if (!requests.isEmpty()) {
                group.addAll(requests);
                requests.clear();
                spaceFree.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    boolean isEmpty() {
        lock.lock();
        try {
            return requests.isEmpty();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a flusher waiting in {@link #takeGroup}, which then returns what is queued. */
    void wakeUp() {
        lock.lock();
        try {
            wanted = 0;
            groupReady.signal();
        } finally {
            lock.unlock();
        }
    }
}
