package dev.junctionmq.broker.store.commitlog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IntervalFlusherTest {

    @Test
    void forcesWholePagesWhileThePageBeingFilledIsNewAndEverythingOtherwise() {
        assertThat(IntervalFlusher.target(10_000, 0)).as("two whole pages, the third still filling").isEqualTo(8192);
        assertThat(IntervalFlusher.target(8192, 0)).isEqualTo(8192);
        assertThat(IntervalFlusher.target(9000, 8192)).as("nothing but the page being filled: force it too")
                .isEqualTo(9000);
        assertThat(IntervalFlusher.target(100, 0)).as("a quiet log is forced whole").isEqualTo(100);
    }
}
