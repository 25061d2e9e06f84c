package dev.junctionmq.nameserver.route;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTableTest {

    private static final Duration EXPIRY = Duration.ofSeconds(120);

    private final MutableClock clock = new MutableClock();
    private final RouteTable routes = new RouteTable(clock);

    @Test
    void masterRegistrationPublishesItsTopics() {
        RouteTable.RegistrationResult result = routes.register(master("broker-a", "10.0.0.1:10911",
                topic("TopicA", 4, 4, 6), topic("TopicB", 8, 2, 4)));

        assertThat(result.masterAddr()).isNull();
        TopicRouteData route = routes.route("TopicA").orElseThrow();
        assertThat(route.queueDatas()).containsExactly(new QueueData("broker-a", 4, 4, 6, 0));
        assertThat(route.brokerDatas()).containsExactly(
                new BrokerData("DefaultCluster", "broker-a", Map.of(0L, "10.0.0.1:10911")));
        assertThat(routes.route("TopicB").orElseThrow().queueDatas())
                .containsExactly(new QueueData("broker-a", 8, 2, 4, 0));
        assertThat(routes.route("Missing")).isEmpty();
    }

    @Test
    void topicOnTwoBrokersListsBoth() {
        routes.register(master("broker-b", "10.0.0.2:10911", topic("T", 4, 4, 6)));
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 2, 2, 6)));

        TopicRouteData route = routes.route("T").orElseThrow();

        assertThat(route.queueDatas()).extracting(QueueData::brokerName).containsExactly("broker-a", "broker-b");
        assertThat(route.brokerDatas()).extracting(BrokerData::brokerName).containsExactly("broker-a", "broker-b");
    }

    @Test
    void reRegistrationReplacesTheTopicTable() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("Old", 4, 4, 6), topic("Kept", 4, 4, 6)));

        routes.register(master("broker-a", "10.0.0.1:10911", topic("Kept", 8, 8, 6), topic("New", 1, 1, 6)));

        assertThat(routes.route("Old")).isEmpty();
        assertThat(routes.route("Kept").orElseThrow().queueDatas())
                .containsExactly(new QueueData("broker-a", 8, 8, 6, 0));
        assertThat(routes.route("New")).isPresent();
    }

    @Test
    void slaveJoinsTheBrokerNameAndLearnsItsMaster() {
        routes.register(new BrokerRegistration("DefaultCluster", "broker-a", "10.0.0.1:10911", 0,
                "10.0.0.1:10912", Map.of("T", topic("T", 4, 4, 6))));

        RouteTable.RegistrationResult result = routes.register(new BrokerRegistration("DefaultCluster", "broker-a",
                "10.0.0.2:10911", 1, "10.0.0.2:10912", Map.of("T", topic("T", 99, 99, 4))));

        assertThat(result).isEqualTo(new RouteTable.RegistrationResult("10.0.0.1:10911", "10.0.0.1:10912"));
        TopicRouteData route = routes.route("T").orElseThrow();
        assertThat(route.brokerDatas().get(0).brokerAddrs())
                .containsExactly(Map.entry(0L, "10.0.0.1:10911"), Map.entry(1L, "10.0.0.2:10911"));
        assertThat(route.queueDatas()).as("only the master defines topics")
                .containsExactly(new QueueData("broker-a", 4, 4, 6, 0));
    }

    @Test
    void unregisteringTheLastAddressRemovesBrokerTopicsAndCluster() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));

        assertThat(routes.unregister("broker-a", "10.0.0.1:10911", 0)).isTrue();

        assertThat(routes.route("T")).isEmpty();
        assertThat(routes.clusterInfo().brokerAddrTable()).isEmpty();
        assertThat(routes.clusterInfo().clusterAddrTable()).isEmpty();
        assertThat(routes.unregister("broker-a", "10.0.0.1:10911", 0)).isFalse();
    }

    @Test
    void unregisteringOneOfTwoBrokersKeepsTheOther() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));
        routes.register(master("broker-b", "10.0.0.2:10911", topic("T", 4, 4, 6)));

        routes.unregister("broker-a", "10.0.0.1:10911", 0);

        assertThat(routes.route("T").orElseThrow().queueDatas()).extracting(QueueData::brokerName)
                .containsExactly("broker-b");
        assertThat(routes.clusterInfo().clusterAddrTable()).containsEntry("DefaultCluster",
                java.util.Set.of("broker-b"));
    }

    @Test
    void unregisterWithWrongIdOrAddressChangesNothing() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));

        assertThat(routes.unregister("broker-a", "10.0.0.1:10911", 1)).isFalse();
        assertThat(routes.unregister("broker-a", "10.0.0.9:10911", 0)).isFalse();
        assertThat(routes.unregister("broker-x", "10.0.0.1:10911", 0)).isFalse();

        assertThat(routes.route("T")).isPresent();
    }

    @Test
    void brokerSilentForLongerThanTheExpiryIsDropped() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));

        clock.advance(EXPIRY);
        assertThat(routes.expireSilentBrokers(EXPIRY)).as("exactly at the limit").isEmpty();
        assertThat(routes.route("T")).isPresent();

        clock.advance(Duration.ofMillis(1));
        assertThat(routes.expireSilentBrokers(EXPIRY)).containsExactly("10.0.0.1:10911");
        assertThat(routes.route("T")).isEmpty();
        assertThat(routes.clusterInfo().brokerAddrTable()).isEmpty();
    }

    @Test
    void reRegistrationKeepsABrokerAlive() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));
        routes.register(master("broker-b", "10.0.0.2:10911", topic("T", 4, 4, 6)));

        clock.advance(Duration.ofSeconds(90));
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));
        clock.advance(Duration.ofSeconds(90));

        assertThat(routes.expireSilentBrokers(EXPIRY)).containsExactly("10.0.0.2:10911");
        assertThat(routes.route("T").orElseThrow().brokerDatas()).extracting(BrokerData::brokerName)
                .containsExactly("broker-a");
    }

    @Test
    void clusterInfoListsBrokersByNameAndCluster() {
        routes.register(master("broker-a", "10.0.0.1:10911", topic("T", 4, 4, 6)));
        routes.register(new BrokerRegistration("OtherCluster", "broker-c", "10.0.0.3:10911", 0, null, Map.of()));

        ClusterInfo info = routes.clusterInfo();

        assertThat(info.brokerAddrTable()).containsOnlyKeys("broker-a", "broker-c");
        assertThat(info.clusterAddrTable()).containsEntry("DefaultCluster", java.util.Set.of("broker-a"))
                .containsEntry("OtherCluster", java.util.Set.of("broker-c"));
    }

    private static BrokerRegistration master(String brokerName, String addr, TopicConfig... topics) {
        Map<String, TopicConfig> table = new java.util.LinkedHashMap<>();
        for (TopicConfig topic : topics) {
            table.put(topic.topicName(), topic);
        }
        return new BrokerRegistration("DefaultCluster", brokerName, addr, 0, null, table);
    }

    private static TopicConfig topic(String name, int read, int write, int perm) {
        return new TopicConfig(name, read, write, perm, 0);
    }
}
