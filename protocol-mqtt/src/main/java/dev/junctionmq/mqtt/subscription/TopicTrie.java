package dev.junctionmq.mqtt.subscription;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Topic filters in a trie, one node per level: adding or removing a filter and matching a topic name cost
 * O(levels), whatever the number of filters (MQTT scale is about subscriptions: ANCHORS.md). Each filter holds a
 * set of values.
 * <p>
 * Concurrency: any number of threads may {@link #match} while one thread at a time changes the trie
 * ({@link #add}/{@link #remove} are synchronized). Nodes are concurrent maps, so a match sees each level either
 * before or after a concurrent change, never a broken one.
 */
public final class TopicTrie<V> {

    private static final class Node<V> {
        final Map<String, Node<V>> children = new ConcurrentHashMap<>();
        final Set<V> values = ConcurrentHashMap.newKeySet();

        boolean isEmpty() {
            return children.isEmpty() && values.isEmpty();
        }
    }

    private final Node<V> root = new Node<>();

    /** Adds {@code value} under {@code filter} (valid, see {@link TopicNames#isValidFilter}); false if present. */
    public synchronized boolean add(String filter, V value) {
        Node<V> node = root;
        for (String level : filter.split("/", -1)) {
            node = node.children.computeIfAbsent(level, l -> new Node<>());
        }
        return node.values.add(value);
    }

    /** Removes {@code value} from {@code filter}, pruning levels left empty; false if it was not there. */
    public synchronized boolean remove(String filter, V value) {
        return remove(root, filter.split("/", -1), 0, value);
    }

    private boolean remove(Node<V> node, String[] levels, int depth, V value) {
        if (depth == levels.length) {
            return node.values.remove(value);
        }
        Node<V> child = node.children.get(levels[depth]);
        if (child == null) {
            return false;
        }
        boolean removed = remove(child, levels, depth + 1, value);
        if (removed && child.isEmpty()) {
            node.children.remove(levels[depth]);
        }
        return removed;
    }

    /**
     * Calls {@code sink} with the values of every filter matching {@code topicName} (a value held by two matching
     * filters is passed twice).
     */
    public void match(String topicName, Consumer<V> sink) {
        String[] levels = topicName.split("/", -1);
        // [MQTT-4.7.2-1]: a name starting with '$' is not matched by a filter starting with a wildcard
        boolean system = topicName.startsWith("$");
        match(root, levels, 0, system, sink);
    }

    private void match(Node<V> node, String[] levels, int depth, boolean system, Consumer<V> sink) {
        boolean wildcardsAllowed = !(system && depth == 0);
        if (wildcardsAllowed) {
            Node<V> rest = node.children.get("#");
            if (rest != null) {
                rest.values.forEach(sink); // '#' also matches the parent level ("a/#" matches "a")
            }
        }
        if (depth == levels.length) {
            node.values.forEach(sink);
            return;
        }
        Node<V> exact = node.children.get(levels[depth]);
        if (exact != null) {
            match(exact, levels, depth + 1, system, sink);
        }
        if (wildcardsAllowed) {
            Node<V> one = node.children.get("+");
            if (one != null) {
                match(one, levels, depth + 1, system, sink);
            }
        }
    }

    /** Whether no filter is held. */
    public boolean isEmpty() {
        return root.isEmpty();
    }
}
