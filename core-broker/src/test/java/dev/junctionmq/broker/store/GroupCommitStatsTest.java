package dev.junctionmq.broker.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitStatsTest {

    @Test
    void appendsPerForceIsTheMeanGroupSizeAndUndefinedBeforeTheFirstForce() {
        assertThat(new GroupCommitStats(4, 62).appendsPerForce()).isEqualTo(15.5);
        assertThat(GroupCommitStats.NONE.appendsPerForce()).isNaN();
    }

    @Test
    void sinceCountsOnlyWhatHappenedAfterTheEarlierSnapshot() {
        GroupCommitStats earlier = new GroupCommitStats(10, 10);
        GroupCommitStats later = new GroupCommitStats(12, 42);
        assertThat(later.since(earlier)).isEqualTo(new GroupCommitStats(2, 32));
        assertThat(later.since(earlier).appendsPerForce()).isEqualTo(16.0);
    }
}
