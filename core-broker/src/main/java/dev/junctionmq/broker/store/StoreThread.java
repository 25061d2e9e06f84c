package dev.junctionmq.broker.store;

import java.util.concurrent.locks.LockSupport;

/**
 * A store background thread (dispatcher, flusher, pre-allocator): a daemon that loops while {@link #isRunning()},
 * parks between passes, and is woken or stopped from other threads.
 */
public abstract class StoreThread implements Runnable {

    private final Thread thread;
    private volatile boolean running = true;

    protected StoreThread(String name) {
        this.thread = new Thread(this, name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Ends a park early; harmless if the thread is not parked. */
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
