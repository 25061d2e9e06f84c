package dev.junctionmq.bench.store;

import java.time.Duration;

/**
 * The phases of one cell on the {@link System#nanoTime()} clock: warm-up from {@code start}, measurement in
 * [{@code measureStart}, {@code measureEnd}). An append belongs to the phase in which it <em>completed</em>;
 * producers stop sending at {@code measureEnd}, so appends completing later form the tail. The engine benchmark
 * uses it too, classifying its sends by completion and its deliveries by arrival (there the tail is the drain).
 */
public record Timeline(long start, long measureStart, long measureEnd) {

    public enum Phase { WARM_UP, MEASURED, TAIL }

    public static Timeline startingNow(Duration warmUp, Duration measure) {
        long now = System.nanoTime();
        long measureStart = now + warmUp.toNanos();
        return new Timeline(now, measureStart, measureStart + measure.toNanos());
    }

    public Phase phaseOf(long completedNanos) {
        if (completedNanos - measureStart < 0) {
            return Phase.WARM_UP;
        }
        return completedNanos - measureEnd < 0 ? Phase.MEASURED : Phase.TAIL;
    }

    public boolean sendingOver(long nowNanos) {
        return nowNanos - measureEnd >= 0;
    }

    public long measureNanos() {
        return measureEnd - measureStart;
    }
}
