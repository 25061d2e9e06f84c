package dev.junctionmq.mqtt.subscription;

import dev.junctionmq.broker.spi.SendRoute;
import dev.junctionmq.mqtt.message.StoredProperties;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * How MQTT topics and filters map onto core topics (docs/protocol-mapping.md, "MQTT"):
 * <ul>
 *   <li>every MQTT PUBLISH is appended once, to the core topic {@value #PUBLISH_TOPIC}, with its MQTT topic name
 *       kept whole in the {@code MQTT_TOPIC} property: a device topic costs no core topic and no files;</li>
 *   <li>each distinct filter in use has one core topic of one queue ({@link #filterTopic}); at send time this
 *       route (a {@link SendRoute}) matches the message's MQTT topic against the trie of filters and the record is
 *       indexed into queue 0 of every matching filter topic, so 10,000 subscribers of one filter cost one index
 *       entry, not 10,000; every subscriber is a consumer group on the filter topic with offsets of its own;</li>
 *   <li>cross-protocol: an MQTT publish to {@code a/b} is also indexed into the core topic {@code a/b} when that
 *       exists (a STOMP {@code /topic/a/b}, JMS or AMQP subscriber made it); a message another protocol sends to
 *       core topic {@code a/b} is matched as MQTT topic {@code a/b}.</li>
 * </ul>
 * Filters are added and removed on one thread at a time (the trie's rule); {@link #alsoDispatchTo} runs on any
 * sender's thread.
 */
public final class FilterRouting implements SendRoute {

    /** The core topic MQTT publishes are stored under. */
    public static final String PUBLISH_TOPIC = "%MQTT%";
    /** Prefix of the per-filter core topics. */
    static final String FILTER_PREFIX = "%MQTTF%";
    /** Prefix of per-filter core topics whose filter is too long or holds a ',' (named by hash). */
    static final String HASHED_FILTER_PREFIX = "%MQTTH%";
    private static final int MAX_PLAIN_FILTER = 200;

    private final TopicTrie<String> trie = new TopicTrie<>();
    /** Filter → how many subscriptions (persistent or connected) use it. Changed under this object's lock. */
    private final Map<String, Integer> references = new HashMap<>();

    /** The core topic of {@code filter}: readable where possible, hashed where the name would not fit. */
    public static String filterTopic(String filter) {
        if (filter.length() <= MAX_PLAIN_FILTER && filter.indexOf(',') < 0) {
            return FILTER_PREFIX + filter;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(filter.getBytes(StandardCharsets.UTF_8));
            return HASHED_FILTER_PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Whether a core topic is one of MQTT's own (never matched as an MQTT topic name). */
    public static boolean isInternal(String coreTopic) {
        return coreTopic.startsWith("%");
    }

    /** One more subscription uses {@code filter}: sends matching it are indexed into its filter topic from now. */
    public synchronized void retain(String filter) {
        if (references.merge(filter, 1, Integer::sum) == 1) {
            trie.add(filter, filterTopic(filter));
        }
    }

    /** One subscription fewer uses {@code filter}; with none left, its filter topic gets no more entries. */
    public synchronized void release(String filter) {
        Integer left = references.computeIfPresent(filter, (f, n) -> n == 1 ? null : n - 1);
        if (left == null) {
            trie.remove(filter, filterTopic(filter));
        }
    }

    public synchronized int filterCount() {
        return references.size();
    }

    @Override
    public Collection<String> alsoDispatchTo(String topic, Map<String, String> properties) {
        String mqttTopic = properties.get(StoredProperties.TOPIC);
        boolean fromMqtt = mqttTopic != null && PUBLISH_TOPIC.equals(topic);
        if (!fromMqtt) {
            if (isInternal(topic) || !TopicNames.isValidTopicName(topic)) {
                return List.of();
            }
            mqttTopic = topic; // another protocol's topic, seen by MQTT under the same name
        }
        List<String> targets = new ArrayList<>(2);
        trie.match(mqttTopic, targets::add);
        if (fromMqtt) {
            targets.add(mqttTopic); // the same-named core topic, if another protocol uses it
        }
        return targets;
    }
}
