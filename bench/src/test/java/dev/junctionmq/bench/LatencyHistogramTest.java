package dev.junctionmq.bench;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyHistogramTest {

    @Test
    void smallValuesAreExact() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int v = 1; v <= 100; v++) {
            histogram.record(v);
        }
        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.percentileNanos(50)).isEqualTo(50);
        assertThat(histogram.percentileNanos(99)).isEqualTo(99);
        assertThat(histogram.percentileNanos(100)).isEqualTo(100);
    }

    @Test
    void percentilesStayWithinTheBucketPrecisionOfTheExactOnes() {
        Random random = new Random(42);
        long[] values = new long[100_000];
        LatencyHistogram histogram = new LatencyHistogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * Math.log(10_000_000_000L));
            histogram.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 50, 90, 99, 99.9, 100}) {
            long exact = values[(int) Math.ceil(values.length * p / 100) - 1];
            assertThat(histogram.percentileNanos(p)).as("p%s", p)
                    .isGreaterThanOrEqualTo(exact)
                    .isLessThanOrEqualTo(exact + exact / 60);
        }
        assertThat(histogram.maxNanos()).isEqualTo(values[values.length - 1]);
    }

    @Test
    void bucketsCoverEveryValueInOrder() {
        long previousIndex = -1;
        for (long v = 0; v < 1 << 20; v += 7) {
            int index = LatencyHistogram.indexOf(v);
            assertThat(index).isGreaterThanOrEqualTo((int) previousIndex);
            assertThat(LatencyHistogram.highestValueIn(index)).isGreaterThanOrEqualTo(v);
            previousIndex = index;
        }
        assertThat(LatencyHistogram.indexOf(Long.MAX_VALUE)).isNotNegative();
        assertThat(LatencyHistogram.highestValueIn(LatencyHistogram.indexOf(Long.MAX_VALUE)))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void mergingAddsCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(1_000);
        b.record(3_000);
        b.record(5_000);
        a.add(b);
        assertThat(a.count()).isEqualTo(3);
        assertThat(a.percentileNanos(50)).isBetween(3_000L, 3_050L);
        assertThat(a.maxNanos()).isEqualTo(5_000);
    }
}
