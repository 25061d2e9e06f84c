package dev.junctionmq.broker.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitStatsTest {

    @Test
    void appendsPerForceIsTheMeanGroupSizeAndUndefinedBeforeTheFirstForce() {
        assertThat(new GroupCommitStats(4, 62).appendsPerForce()).isEqualTo(15.5);
        assertThat(GroupCommitStats.NONE.appendsPerForce()).isNaN();
    }
}
