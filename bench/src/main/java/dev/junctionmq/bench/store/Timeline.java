package dev.junctionmq.bench.store;

import java.time.Duration;

/**
 * The phases of one cell on the {@link System#nanoTime()} clock: warm-up from {@code start}, measurement in
 * [{@code measureStart}, {@code measureEnd}). An append belongs to the phase in which it <em>completed</em>;
 * producers stop sending at {@code measureEnd}, so appends completing later form the tail.
 */
record Timeline(long start, long measureStart, long measureEnd) {

    enum Phase { WARM_UP, MEASURED, TAIL }

    static Timeline startingNow(Duration warmUp, Duration measure) {
        long now = System.nanoTime();
        long measureStart = now + warmUp.toNanos();
        return new Timeline(now, measureStart, measureStart + measure.toNanos());
    }

    Phase phaseOf(long completedNanos) {
        if (completedNanos - measureStart < 0) {
            return Phase.WARM_UP;
        }
        return completedNanos - measureEnd < 0 ? Phase.MEASURED : Phase.TAIL;
    }

    boolean sendingOver(long nowNanos) {
        return nowNanos - measureEnd >= 0;
    }

    long measureNanos() {
        return measureEnd - measureStart;
    }
}
