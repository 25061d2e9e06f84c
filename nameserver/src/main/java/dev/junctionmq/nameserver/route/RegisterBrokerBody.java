package dev.junctionmq.nameserver.route;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the topic table out of a {@code REGISTER_BROKER} body (ANCHORS §1.16):
 * {@code {"topicConfigSerializeWrapper":{"topicConfigTable":{"T":{"topicName":"T","readQueueNums":4,
 * "writeQueueNums":4,"perm":6,"topicSysFlag":0,…}},"dataVersion":{…}},"filterServerList":[]}}.
 *
 * <p>Tolerant: accepts fastjson's dialect (unquoted names, single quotes), a bare {@code topicConfigSerializeWrapper}
 * or {@code topicConfigTable} object at the root, an empty body (no topics), missing numbers (RocketMQ's
 * {@code TopicConfig} defaults: 16 read and 16 write queues, perm 6) and unknown fields.
 */
public final class RegisterBrokerBody {

    static final int DEFAULT_QUEUE_NUMS = 16;
    static final int DEFAULT_PERM = 6;

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

    private RegisterBrokerBody() {
    }

    /**
     * The announced topics by name.
     *
     * @throws IllegalArgumentException when the body is not JSON or its topic table is not an object
     */
    public static Map<String, TopicConfig> topics(byte[] body) {
        Map<String, TopicConfig> topics = new LinkedHashMap<>();
        if (body == null || body.length == 0) {
            return topics;
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("register body is not JSON: " + e.getMessage(), e);
        }
        JsonNode table = topicConfigTable(root);
        if (table == null || table.isNull()) {
            return topics;
        }
        if (!table.isObject()) {
            throw new IllegalArgumentException("topicConfigTable is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode config = entry.getValue();
            if (!config.isObject()) {
                throw new IllegalArgumentException("topic config of " + entry.getKey() + " is not an object");
            }
            topics.put(entry.getKey(), new TopicConfig(entry.getKey(),
                    config.path("readQueueNums").asInt(DEFAULT_QUEUE_NUMS),
                    config.path("writeQueueNums").asInt(DEFAULT_QUEUE_NUMS),
                    config.path("perm").asInt(DEFAULT_PERM),
                    config.path("topicSysFlag").asInt(0)));
        }
        return topics;
    }

    private static JsonNode topicConfigTable(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("register body is not a JSON object");
        }
        JsonNode wrapper = root.has("topicConfigSerializeWrapper") ? root.get("topicConfigSerializeWrapper") : root;
        return wrapper.isObject() ? wrapper.get("topicConfigTable") : null;
    }
}
