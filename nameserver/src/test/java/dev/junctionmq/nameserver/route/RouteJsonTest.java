package dev.junctionmq.nameserver.route;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteJsonTest {

    @Test
    void topicRouteDataIsStandardJsonWithQuotedBrokerIds() {
        TopicRouteData route = new TopicRouteData(List.of(new QueueData("broker-a", 4, 4, 6, 0)),
                List.of(new BrokerData("DefaultCluster", "broker-a", Map.of(1L, "10.0.0.2:10911", 0L,
                        "10.0.0.1:10911"))));

        assertThat(new String(RouteJson.write(route), StandardCharsets.UTF_8)).isEqualTo(
                "{\"queueDatas\":[{\"brokerName\":\"broker-a\",\"readQueueNums\":4,\"writeQueueNums\":4,\"perm\":6,"
                        + "\"topicSysFlag\":0}],\"brokerDatas\":[{\"cluster\":\"DefaultCluster\",\"brokerName\":"
                        + "\"broker-a\",\"brokerAddrs\":{\"0\":\"10.0.0.1:10911\",\"1\":\"10.0.0.2:10911\"}}],"
                        + "\"filterServerTable\":{}}");
    }

    @Test
    void clusterInfoHasBothTables() {
        ClusterInfo info = new ClusterInfo(Map.of("broker-a", new BrokerData("C", "broker-a", Map.of(0L, "h:1"))),
                Map.of("C", Set.of("broker-a")));

        assertThat(new String(RouteJson.write(info), StandardCharsets.UTF_8)).isEqualTo(
                "{\"brokerAddrTable\":{\"broker-a\":{\"cluster\":\"C\",\"brokerName\":\"broker-a\",\"brokerAddrs\":"
                        + "{\"0\":\"h:1\"}}},\"clusterAddrTable\":{\"C\":[\"broker-a\"]}}");
    }

    @Test
    void registerBodyInRocketMqShapeIsRead() {
        String body = "{\"filterServerList\":[],\"topicConfigSerializeWrapper\":{\"dataVersion\":{\"counter\":3,"
                + "\"stateVersion\":0,\"timestamp\":1700000000000},\"topicConfigTable\":{\"TopicA\":{\"order\":false,"
                + "\"perm\":6,\"readQueueNums\":4,\"topicFilterType\":\"SINGLE_TAG\",\"topicName\":\"TopicA\","
                + "\"topicSysFlag\":0,\"writeQueueNums\":4,\"attributes\":{}}}}}";

        assertThat(RegisterBrokerBody.topics(body.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.entry("TopicA", new TopicConfig("TopicA", 4, 4, 6, 0)));
    }

    @Test
    void registerBodyIsReadTolerantly() {
        String fastjson = "{topicConfigSerializeWrapper:{topicConfigTable:{'T':{perm:4,readQueueNums:\"2\"}}}}";

        assertThat(RegisterBrokerBody.topics(fastjson.getBytes(StandardCharsets.UTF_8)))
                .containsExactly(Map.entry("T", new TopicConfig("T", 2, 16, 4, 0)));
        assertThat(RegisterBrokerBody.topics(new byte[0])).isEmpty();
        assertThat(RegisterBrokerBody.topics("{\"filterServerList\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(RegisterBrokerBody.topics("{\"topicConfigTable\":{\"X\":{}}}".getBytes(StandardCharsets.UTF_8)))
                .containsOnlyKeys("X");
    }

    @Test
    void registerBodyThatIsNotJsonIsRejected() {
        assertThatThrownBy(() -> RegisterBrokerBody.topics(new byte[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegisterBrokerBody.topics("{\"topicConfigTable\":[1]}".getBytes(
                StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    }
}
