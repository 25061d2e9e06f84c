package dev.junctionmq.bench;

import java.util.Locale;

/** Number formatting shared by the benchmarks' output. Rates use decimal megabytes (10^6 bytes). */
public final class Units {

    public static final double MB = 1_000_000.0;
    public static final long MIB = 1024L * 1024;

    private Units() {
    }

    public static double perSecond(double amount, long nanos) {
        return nanos <= 0 ? 0 : amount * 1e9 / nanos;
    }

    public static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    public static String micros(long nanos) {
        return fixed(nanos / 1000.0, 1);
    }

    /** 100 B, 1 KiB, 16 KiB, 1.5 MiB... */
    public static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < MIB) {
            return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : fixed(bytes / 1024.0, 1) + " KiB";
        }
        double mib = bytes / (double) MIB;
        return mib < 1024 ? fixed(mib, 1) + " MiB" : fixed(mib / 1024, 2) + " GiB";
    }

    /** Seconds, with one decimal only when the duration is not whole seconds. */
    public static String seconds(java.time.Duration duration) {
        return fixed(duration.toNanos() / 1e9, duration.toMillis() % 1000 == 0 ? 0 : 1);
    }
}
