package dev.junctionmq.broker.store;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A store background thread (dispatcher, flusher, pre-allocator): a daemon that loops while {@link #isRunning()},
 * parks between passes, and is woken or stopped from other threads.
 *
 * <p>{@link #wakeUp()} unparks only a thread that announced it is parking, and only once per park: writers call it
 * after every append, and on two cores a futex wake per append (most of them for a thread already awake) cost more
 * than a tenth of the store's CPU.
 */
public abstract class StoreThread implements Runnable {

    private final Thread thread;
    private volatile boolean running = true;
    /** Set by the thread before it parks, cleared by the one waker that unparks it. */
    private final AtomicBoolean parking = new AtomicBoolean();

    protected StoreThread(String name) {
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /**
     * Parks for at most {@code nanos} unless {@code workArrived}, checked after announcing the park, says there is
     * work: a waker that makes work visible before calling {@link #wakeUp()} is never missed.
     */
    protected void parkUnless(BooleanSupplier workArrived, long nanos) {
        parking.set(true);
        if (!workArrived.getAsBoolean() && isRunning()) {
            LockSupport.parkNanos(this, nanos);
        }
        parking.set(false);
    }

    /** Ends a park early; cheap (no system call) when the thread is not parking or another waker got there first. */
    public void wakeUp() {
        if (parking.get() && parking.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    /** Unparks unconditionally, for a thread that parks without {@link #parkUnless}. */
    protected void unpark() {
        LockSupport.unpark(thread);
    }

    protected boolean isRunning() {
        return running;
    }

    /** Makes the loop end after its current pass (which sees {@link #isRunning()} false), and waits for it. */
    public void stop() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
