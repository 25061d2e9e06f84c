package dev.junctionmq.mqtt.subscription;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** MQTT 3.1.1 §4.7 topic filters in the trie, checked against the specification's examples. */
class TopicTrieTest {

    private static List<String> match(TopicTrie<String> trie, String topic) {
        List<String> found = new ArrayList<>();
        trie.match(topic, found::add);
        return found;
    }

    private static TopicTrie<String> trieOf(String... filters) {
        TopicTrie<String> trie = new TopicTrie<>();
        for (String filter : filters) {
            trie.add(filter, filter);
        }
        return trie;
    }

    /** §4.7.1.2: "sport/tennis/player1/#" matches the parent level and any below it. */
    @Test
    void multiLevelWildcardMatchesParentAndChildren() {
        TopicTrie<String> trie = trieOf("sport/tennis/player1/#");
        assertThat(match(trie, "sport/tennis/player1")).containsExactly("sport/tennis/player1/#");
        assertThat(match(trie, "sport/tennis/player1/ranking")).hasSize(1);
        assertThat(match(trie, "sport/tennis/player1/score/wimbledon")).hasSize(1);
        assertThat(match(trie, "sport/tennis/player2")).isEmpty();
        assertThat(match(trieOf("sport/#"), "sport")).containsExactly("sport/#");
        assertThat(match(trieOf("#"), "a/b/c")).containsExactly("#");
    }

    /** §4.7.1.3: '+' matches exactly one level, an empty one too. */
    @Test
    void singleLevelWildcardMatchesOneLevel() {
        TopicTrie<String> trie = trieOf("sport/tennis/+", "sport/+", "+/+", "/+", "+");
        assertThat(match(trie, "sport/tennis/player1")).containsExactly("sport/tennis/+");
        assertThat(match(trie, "sport/tennis/player1/ranking")).isEmpty();
        assertThat(match(trie, "sport/")).containsExactlyInAnyOrder("sport/+", "+/+");
        assertThat(match(trie, "/finance")).containsExactlyInAnyOrder("+/+", "/+");
        assertThat(match(trie, "sport")).containsExactly("+");
    }

    /** [MQTT-4.7.2-1]: a topic starting with '$' is not matched by a filter starting with a wildcard. */
    @Test
    void dollarTopicsAreNotMatchedByLeadingWildcards() {
        TopicTrie<String> trie = trieOf("#", "+/monitor/Clients", "$SYS/#", "$SYS/monitor/+");
        assertThat(match(trie, "$SYS/monitor/Clients")).containsExactlyInAnyOrder("$SYS/#", "$SYS/monitor/+");
        assertThat(match(trie, "a/monitor/Clients")).containsExactlyInAnyOrder("#", "+/monitor/Clients");
    }

    @Test
    void removePrunesAndLeavesOthers() {
        TopicTrie<String> trie = trieOf("a/b/c", "a/+/c", "a/#");
        assertThat(trie.remove("a/b/c", "a/b/c")).isTrue();
        assertThat(trie.remove("a/b/c", "a/b/c")).isFalse();
        assertThat(match(trie, "a/b/c")).containsExactlyInAnyOrder("a/+/c", "a/#");
        trie.remove("a/+/c", "a/+/c");
        trie.remove("a/#", "a/#");
        assertThat(trie.isEmpty()).isTrue();
    }

    /** The trie agrees with the reference matcher on random filters and topics. */
    @Test
    void agreesWithTheReferenceMatcher() {
        Random random = new Random(42);
        String[] words = {"a", "b", "c", "", "$x"};
        List<String> filters = new ArrayList<>();
        TopicTrie<String> trie = new TopicTrie<>();
        for (int i = 0; i < 300; i++) {
            StringBuilder f = new StringBuilder();
            int levels = 1 + random.nextInt(4);
            for (int l = 0; l < levels; l++) {
                if (l > 0) {
                    f.append('/');
                }
                int pick = random.nextInt(7);
                if (pick == 5) {
                    f.append('+');
                } else if (pick == 6 && l == levels - 1) {
                    f.append('#');
                } else {
                    f.append(words[random.nextInt(words.length)]);
                }
            }
            if (TopicNames.isValidFilter(f.toString()) && trie.add(f.toString(), f.toString())) {
                filters.add(f.toString());
            }
        }
        for (int i = 0; i < 500; i++) {
            StringBuilder t = new StringBuilder();
            int levels = 1 + random.nextInt(5);
            for (int l = 0; l < levels; l++) {
                if (l > 0) {
                    t.append('/');
                }
                t.append(words[random.nextInt(words.length)]);
            }
            String topic = t.toString();
            if (!TopicNames.isValidTopicName(topic)) {
                continue;
            }
            List<String> expected = filters.stream().filter(f -> TopicNames.matches(f, topic)).toList();
            assertThat(match(trie, topic)).as(topic).containsExactlyInAnyOrderElementsOf(expected);
        }
    }
}
