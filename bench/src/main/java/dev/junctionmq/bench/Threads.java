package dev.junctionmq.bench;

import java.util.ArrayList;
import java.util.List;

/** Thread helpers shared by the benchmarks. */
public final class Threads {

    private Threads() {
    }

    /** Runs each task on a thread of its own, named {@code namePrefix} plus its index, and waits for all of them. */
    public static void runEach(List<? extends Runnable> tasks, String namePrefix) throws InterruptedException {
        List<Thread> threads = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            Thread thread = new Thread(tasks.get(i), namePrefix + i);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
