package dev.junctionmq.nameserver.route;

import java.util.Map;
import java.util.Objects;

/**
 * What one {@code REGISTER_BROKER} announces: the broker's identity and its full topic table (a registration replaces
 * the topics the same broker name announced before).
 *
 * @param brokerId 0 for the master, otherwise a slave id
 */
public record BrokerRegistration(String clusterName, String brokerName, String brokerAddr, long brokerId,
                                 String haServerAddr, Map<String, TopicConfig> topics) {

    public BrokerRegistration {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(brokerName, "brokerName");
        Objects.requireNonNull(brokerAddr, "brokerAddr");
        topics = Map.copyOf(topics);
    }
}
