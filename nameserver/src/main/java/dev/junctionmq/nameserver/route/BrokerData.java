package dev.junctionmq.nameserver.route;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Map;
import java.util.TreeMap;

/**
 * One broker name (a master and its slaves) with its address per broker id, as in RocketMQ's {@code BrokerData}.
 * The addresses are sorted by id; JSON writes the ids as quoted keys ({@code {"0":"host:port"}}).
 */
@JsonPropertyOrder({"cluster", "brokerName", "brokerAddrs"})
public record BrokerData(String cluster, String brokerName, Map<Long, String> brokerAddrs) {

    public BrokerData {
        brokerAddrs = new TreeMap<>(brokerAddrs);
    }
}
