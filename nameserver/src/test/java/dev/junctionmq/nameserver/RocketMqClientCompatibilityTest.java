package dev.junctionmq.nameserver;

import org.apache.rocketmq.client.ClientConfig;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.impl.ClientRemotingProcessor;
import org.apache.rocketmq.client.impl.MQClientAPIImpl;
import org.apache.rocketmq.common.TopicConfig;
import org.apache.rocketmq.common.UtilAll;
import org.apache.rocketmq.common.protocol.RequestCode;
import org.apache.rocketmq.common.protocol.ResponseCode;
import org.apache.rocketmq.common.protocol.body.ClusterInfo;
import org.apache.rocketmq.common.protocol.body.RegisterBrokerBody;
import org.apache.rocketmq.common.protocol.body.TopicConfigSerializeWrapper;
import org.apache.rocketmq.common.protocol.header.namesrv.GetRouteInfoRequestHeader;
import org.apache.rocketmq.common.protocol.header.namesrv.RegisterBrokerRequestHeader;
import org.apache.rocketmq.common.protocol.header.namesrv.RegisterBrokerResponseHeader;
import org.apache.rocketmq.common.protocol.header.namesrv.UnRegisterBrokerRequestHeader;
import org.apache.rocketmq.common.protocol.route.BrokerData;
import org.apache.rocketmq.common.protocol.route.QueueData;
import org.apache.rocketmq.common.protocol.route.TopicRouteData;
import org.apache.rocketmq.remoting.RemotingClient;
import org.apache.rocketmq.remoting.netty.NettyClientConfig;
import org.apache.rocketmq.remoting.protocol.RemotingCommand;
import org.apache.rocketmq.remoting.protocol.SerializeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The name server against the real Apache RocketMQ 4.9.8 Java client: the client's own {@link MQClientAPIImpl}
 * fetches routes and cluster info, and its remoting client sends register/unregister requests built with the
 * client's header and body classes, exactly as a RocketMQ broker does.
 */
class RocketMqClientCompatibilityTest {

    private static final long TIMEOUT_MS = 5_000;
    private static final String BROKER_ADDR = "10.0.0.1:10911";

    private NameServer server;
    private MQClientAPIImpl client;
    private String nameServerAddr;

    @BeforeEach
    void start() throws Exception {
        server = NameServer.builder().host("127.0.0.1").port(0).build();
        nameServerAddr = "127.0.0.1:" + server.start();
        client = new MQClientAPIImpl(new NettyClientConfig(), new ClientRemotingProcessor(null), null,
                new ClientConfig());
        client.updateNameServerAddressList(nameServerAddr);
        client.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.shutdown();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registeredTopicRouteIsServedToTheClient() throws Exception {
        RemotingCommand response = register("broker-a", BROKER_ADDR, 0, topic("TopicA", 4, 4, 6));
        assertThat(response.getCode()).as(response.getRemark()).isEqualTo(ResponseCode.SUCCESS);

        TopicRouteData route = client.getTopicRouteInfoFromNameServer("TopicA", TIMEOUT_MS);

        assertThat(route.getQueueDatas()).hasSize(1);
        QueueData queues = route.getQueueDatas().get(0);
        assertThat(queues.getBrokerName()).isEqualTo("broker-a");
        assertThat(queues.getReadQueueNums()).isEqualTo(4);
        assertThat(queues.getWriteQueueNums()).isEqualTo(4);
        assertThat(queues.getPerm()).isEqualTo(6);
        assertThat(queues.getTopicSysFlag()).isZero();
        assertThat(route.getBrokerDatas()).hasSize(1);
        BrokerData broker = route.getBrokerDatas().get(0);
        assertThat(broker.getCluster()).isEqualTo("DefaultCluster");
        assertThat(broker.getBrokerName()).isEqualTo("broker-a");
        assertThat(broker.getBrokerAddrs()).containsExactly(Map.entry(0L, BROKER_ADDR));
        assertThat(broker.selectBrokerAddr()).isEqualTo(BROKER_ADDR);
    }

    @Test
    void missingTopicIsTopicNotExist() {
        assertThatThrownBy(() -> client.getTopicRouteInfoFromNameServer("NoSuchTopic", TIMEOUT_MS))
                .isInstanceOfSatisfying(MQClientException.class, e -> {
                    assertThat(e.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
                    assertThat(e.getErrorMessage()).contains("NoSuchTopic");
                });
    }

    @Test
    void unregisteredBrokerTakesItsTopicsAway() throws Exception {
        register("broker-a", BROKER_ADDR, 0, topic("TopicA", 4, 4, 6));
        assertThat(client.getTopicRouteInfoFromNameServer("TopicA", TIMEOUT_MS)).isNotNull();

        UnRegisterBrokerRequestHeader header = new UnRegisterBrokerRequestHeader();
        header.setClusterName("DefaultCluster");
        header.setBrokerName("broker-a");
        header.setBrokerAddr(BROKER_ADDR);
        header.setBrokerId(0L);
        RemotingCommand response = remoting().invokeSync(nameServerAddr,
                RemotingCommand.createRequestCommand(RequestCode.UNREGISTER_BROKER, header), TIMEOUT_MS);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
        assertThatThrownBy(() -> client.getTopicRouteInfoFromNameServer("TopicA", TIMEOUT_MS))
                .isInstanceOfSatisfying(MQClientException.class,
                        e -> assertThat(e.getResponseCode()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST));
    }

    @Test
    void clusterInfoListsRegisteredBrokers() throws Exception {
        register("broker-a", BROKER_ADDR, 0, topic("TopicA", 4, 4, 6));
        register("broker-a", "10.0.0.2:10911", 1);

        ClusterInfo info = client.getBrokerClusterInfo(TIMEOUT_MS);

        assertThat(info.getClusterAddrTable()).containsExactly(Map.entry("DefaultCluster", Set.of("broker-a")));
        assertThat(info.getBrokerAddrTable().get("broker-a").getBrokerAddrs())
                .containsExactly(Map.entry(0L, BROKER_ADDR), Map.entry(1L, "10.0.0.2:10911"));
    }

    @Test
    void slaveRegistrationIsToldItsMaster() throws Exception {
        register("broker-a", BROKER_ADDR, 0, topic("TopicA", 4, 4, 6));

        RemotingCommand response = register("broker-a", "10.0.0.2:10911", 1);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
        RegisterBrokerResponseHeader header = (RegisterBrokerResponseHeader) response.decodeCommandCustomHeader(
                RegisterBrokerResponseHeader.class);
        assertThat(header.getMasterAddr()).isEqualTo(BROKER_ADDR);
        assertThat(header.getHaServerAddr()).isEqualTo("10.0.0.1:10912");
    }

    @Test
    void binaryHeaderRequestIsAnsweredInBinary() throws Exception {
        register("broker-a", BROKER_ADDR, 0, topic("TopicA", 8, 8, 6));
        GetRouteInfoRequestHeader header = new GetRouteInfoRequestHeader();
        header.setTopic("TopicA");
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.GET_ROUTEINFO_BY_TOPIC, header);
        request.setSerializeTypeCurrentRPC(SerializeType.ROCKETMQ);

        RemotingCommand response = remoting().invokeSync(nameServerAddr, request, TIMEOUT_MS);

        assertThat(response.getCode()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.getSerializeTypeCurrentRPC()).isEqualTo(SerializeType.ROCKETMQ);
        TopicRouteData route = TopicRouteData.decode(response.getBody(), TopicRouteData.class);
        assertThat(route.getQueueDatas().get(0).getWriteQueueNums()).isEqualTo(8);
    }

    @Test
    void unknownRequestCodeIsNotSupported() throws Exception {
        RemotingCommand response = remoting().invokeSync(nameServerAddr,
                RemotingCommand.createRequestCommand(12345, null), TIMEOUT_MS);

        assertThat(response.getCode()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.getRemark()).contains("12345");
    }

    private RemotingCommand register(String brokerName, String addr, long brokerId, TopicConfig... topics)
            throws Exception {
        TopicConfigSerializeWrapper wrapper = new TopicConfigSerializeWrapper();
        ConcurrentHashMap<String, TopicConfig> table = new ConcurrentHashMap<>();
        for (TopicConfig topic : topics) {
            table.put(topic.getTopicName(), topic);
        }
        wrapper.setTopicConfigTable(table);
        RegisterBrokerBody body = new RegisterBrokerBody();
        body.setTopicConfigSerializeWrapper(wrapper);
        byte[] bytes = body.encode(false);

        RegisterBrokerRequestHeader header = new RegisterBrokerRequestHeader();
        header.setClusterName("DefaultCluster");
        header.setBrokerName(brokerName);
        header.setBrokerAddr(addr);
        header.setBrokerId(brokerId);
        header.setHaServerAddr(addr.replace(":10911", ":10912"));
        header.setCompressed(false);
        header.setBodyCrc32(UtilAll.crc32(bytes));
        RemotingCommand request = RemotingCommand.createRequestCommand(RequestCode.REGISTER_BROKER, header);
        request.setBody(bytes);
        return remoting().invokeSync(nameServerAddr, request, TIMEOUT_MS);
    }

    private RemotingClient remoting() {
        return client.getRemotingClient();
    }

    private static TopicConfig topic(String name, int read, int write, int perm) {
        return new TopicConfig(name, read, write, perm);
    }
}
