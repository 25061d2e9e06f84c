package dev.junctionmq.mqtt.retain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Retained topics found by a walk of the topic tree (MQTT 3.1.1 §4.7 matching rules). */
class RetainedTopicsTest {

    private static RetainedTopics of(String... topics) {
        RetainedTopics tree = new RetainedTopics();
        for (String topic : topics) {
            tree.add(topic);
        }
        return tree;
    }

    private static List<String> collect(RetainedTopics tree, String filter) {
        List<String> found = new ArrayList<>();
        tree.collect(filter, found);
        return found;
    }

    @Test
    void wildcardsMatchByTheSpecificationsRules() {
        RetainedTopics tree = of("sport", "sport/tennis", "sport/tennis/player1", "sport/golf", "/finance", "a//b",
                "$SYS/uptime");
        assertThat(collect(tree, "sport/#")).containsExactlyInAnyOrder("sport", "sport/tennis",
                "sport/tennis/player1", "sport/golf");
        assertThat(collect(tree, "sport/+")).containsExactlyInAnyOrder("sport/tennis", "sport/golf");
        assertThat(collect(tree, "+/+")).containsExactlyInAnyOrder("sport/tennis", "sport/golf", "/finance");
        assertThat(collect(tree, "+/tennis/#")).containsExactlyInAnyOrder("sport/tennis", "sport/tennis/player1");
        assertThat(collect(tree, "a/+/b")).containsExactly("a//b");
        assertThat(collect(tree, "sport/tennis")).containsExactly("sport/tennis");
        assertThat(collect(tree, "nothing/#")).isEmpty();
    }

    /** [MQTT-4.7.2-1]: '$' topics are not matched by a leading wildcard, but are by a '$' filter. */
    @Test
    void dollarTopicsNeedAnExplicitFirstLevel() {
        RetainedTopics tree = of("$SYS/uptime", "x");
        assertThat(collect(tree, "#")).containsExactly("x");
        assertThat(collect(tree, "+/uptime")).isEmpty();
        assertThat(collect(tree, "$SYS/#")).containsExactly("$SYS/uptime");
        assertThat(collect(tree, "$SYS/+")).containsExactly("$SYS/uptime");
    }

    @Test
    void removedTopicsAreGoneAndEmptyBranchesPruned() {
        RetainedTopics tree = of("a/b/c", "a/b");
        tree.remove("a/b/c");
        assertThat(collect(tree, "#")).containsExactly("a/b");
        tree.remove("a/b");
        assertThat(collect(tree, "#")).isEmpty();
        tree.remove("never/there");
        tree.add("a/b/c");
        assertThat(collect(tree, "a/+/c")).containsExactly("a/b/c");
    }
}
