package dev.junctionmq.mqtt.retain;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The topic names that have a retained message, in a tree with one node per level, so that a subscription's filter
 * finds its retained topics by walking only the branches it can match (MQTT 3.1.1 §4.7): {@code a/+/c} visits the
 * children of {@code a} and one level below, not every retained topic of the broker.
 * <p>
 * Concurrency: any thread may {@link #collect} while one thread at a time changes the tree ({@link #add} and
 * {@link #remove} are synchronized); nodes are concurrent maps, so a walk sees each level before or after a change.
 */
final class RetainedTopics {

    private static final class Node {
        final Map<String, Node> children = new ConcurrentHashMap<>();
        /** The full topic name if this level ends a retained topic, else null. */
        volatile String topic;

        boolean isEmpty() {
            return topic == null && children.isEmpty();
        }
    }

    private final Node root = new Node();

    synchronized void add(String topic) {
        Node node = root;
        for (String level : topic.split("/", -1)) {
            node = node.children.computeIfAbsent(level, l -> new Node());
        }
        node.topic = topic;
    }

    synchronized void remove(String topic) {
        remove(root, topic.split("/", -1), 0);
    }

    private static void remove(Node node, String[] levels, int depth) {
        if (depth == levels.length) {
            node.topic = null;
            return;
        }
        Node child = node.children.get(levels[depth]);
        if (child == null) {
            return;
        }
        remove(child, levels, depth + 1);
        if (child.isEmpty()) {
            node.children.remove(levels[depth]);
        }
    }

    /** Adds to {@code into} every retained topic name that {@code filter} (valid) matches. */
    void collect(String filter, List<String> into) {
        collect(root, filter.split("/", -1), 0, into);
    }

    private static void collect(Node node, String[] levels, int depth, List<String> into) {
        if (depth == levels.length) {
            addTopic(node, into);
            return;
        }
        String level = levels[depth];
        // [MQTT-4.7.2-1]: a wildcard at the first level does not match topic names starting with '$'
        boolean skipSystem = depth == 0;
        if (level.equals("#")) {
            addTopic(node, into); // "a/#" matches "a" too (MQTT 3.1.1 §4.7.1.2)
            node.children.forEach((name, child) -> {
                if (!(skipSystem && name.startsWith("$"))) {
                    addSubtree(child, into);
                }
            });
        } else if (level.equals("+")) {
            node.children.forEach((name, child) -> {
                if (!(skipSystem && name.startsWith("$"))) {
                    collect(child, levels, depth + 1, into);
                }
            });
        } else {
            Node child = node.children.get(level);
            if (child != null) {
                collect(child, levels, depth + 1, into);
            }
        }
    }

    private static void addTopic(Node node, List<String> into) {
        String topic = node.topic;
        if (topic != null) {
            into.add(topic);
        }
    }

    private static void addSubtree(Node node, List<String> into) {
        addTopic(node, into);
        node.children.values().forEach(child -> addSubtree(child, into));
    }
}
