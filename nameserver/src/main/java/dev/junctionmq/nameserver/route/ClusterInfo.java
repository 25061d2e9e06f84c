package dev.junctionmq.nameserver.route;

import java.util.Map;
import java.util.Set;

/**
 * The answer to {@code GET_BROKER_CLUSTER_INFO}, shaped like RocketMQ's {@code ClusterInfo}: broker name → broker
 * data, and cluster name → broker names.
 */
public record ClusterInfo(Map<String, BrokerData> brokerAddrTable, Map<String, Set<String>> clusterAddrTable) {
}
