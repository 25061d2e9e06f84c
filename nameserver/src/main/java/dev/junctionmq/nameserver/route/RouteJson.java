package dev.junctionmq.nameserver.route;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes route answers as standard JSON (quoted map keys, e.g. {@code "brokerAddrs":{"0":"host:port"}}), which
 * RocketMQ clients from 4.9.4 on expect and older fastjson clients read as well (ANCHORS §1.16, JSON gotcha).
 */
public final class RouteJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private RouteJson() {
    }

    public static byte[] write(TopicRouteData route) {
        return bytes(route);
    }

    public static byte[] write(ClusterInfo clusterInfo) {
        return bytes(clusterInfo);
    }

    private static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("route records always serialize", e);
        }
    }
}
