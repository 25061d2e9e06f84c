package dev.junctionmq.bench;

/**
 * A fixed-bucket, log-linear histogram of non-negative durations in nanoseconds: values below 128 ns are exact,
 * larger ones fall into one of 64 equal buckets per power of two, so a reported percentile is at most about 1.6 %
 * above the true value. Not thread-safe: give each thread its own and {@link #add} them afterwards.
 */
public final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 6;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int LINEAR_LIMIT = 2 * SUB_BUCKETS;
    private static final int LINEAR_BITS = SUB_BUCKET_BITS + 1;
    /** Exponents 7..62 each get SUB_BUCKETS buckets, after the LINEAR_LIMIT exact ones. */
    private static final int BUCKETS = LINEAR_LIMIT + (63 - LINEAR_BITS) * SUB_BUCKETS;

    private final long[] counts = new long[BUCKETS];
    private long total;
    private long max;

    public void record(long nanos) {
        long value = Math.max(0, nanos);
        counts[indexOf(value)]++;
        total++;
        max = Math.max(max, value);
    }

    public void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        max = Math.max(max, other.max);
    }

    public long count() {
        return total;
    }

    public long maxNanos() {
        return max;
    }

    /**
     * The smallest bucket bound at or below which {@code percentile} percent of the values lie (never above the
     * largest value recorded); 0 if the histogram is empty.
     */
    public long percentileNanos(double percentile) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(total * Math.min(100.0, Math.max(0.0, percentile)) / 100.0));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return Math.min(highestValueIn(i), max);
            }
        }
        return max;
    }

    static int indexOf(long value) {
        if (value < LINEAR_LIMIT) {
            return (int) value;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(value);
        int subBucket = (int) (value >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        return LINEAR_LIMIT + (exponent - LINEAR_BITS) * SUB_BUCKETS + subBucket;
    }

    static long highestValueIn(int index) {
        if (index < LINEAR_LIMIT) {
            return index;
        }
        int exponent = (index - LINEAR_LIMIT) / SUB_BUCKETS + LINEAR_BITS;
        long subBucket = (index - LINEAR_LIMIT) % SUB_BUCKETS;
        long width = 1L << (exponent - SUB_BUCKET_BITS);
        long lowest = (1L << exponent) + subBucket * width;
        return lowest + width - 1;
    }
}
