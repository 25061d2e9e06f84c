package dev.junctionmq.nameserver.route;

import java.util.List;
import java.util.Map;

/**
 * The answer to {@code GET_ROUTEINFO_BY_TOPIC}, shaped like RocketMQ's {@code TopicRouteData}:
 * {@code {"queueDatas":[…],"brokerDatas":[…],"filterServerTable":{}}}. Both lists are sorted by broker name.
 */
public record TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas,
                             Map<String, List<String>> filterServerTable) {

    public TopicRouteData(List<QueueData> queueDatas, List<BrokerData> brokerDatas) {
        this(List.copyOf(queueDatas), List.copyOf(brokerDatas), Map.of());
    }
}
