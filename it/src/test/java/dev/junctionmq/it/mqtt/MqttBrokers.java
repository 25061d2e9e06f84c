package dev.junctionmq.it.mqtt;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** In-process brokers for the MQTT tests: ephemeral ports, small store, short timeouts. */
public final class MqttBrokers {

    static final int MAX_MESSAGE_SIZE = 64 * 1024;

    private MqttBrokers() {
    }

    public static BrokerConfig config(Path dir) {
        return BrokerConfig.load(null).with(BrokerConfig.DATA_DIR, dir.resolve("data").toString())
                .with(BrokerConfig.SEGMENT_SIZE, Integer.toString(4 << 20))
                .with(BrokerConfig.MAX_MESSAGE_SIZE, Integer.toString(MAX_MESSAGE_SIZE))
                .with(BrokerConfig.INDEX_HASH_SLOTS, "1024").with(BrokerConfig.INDEX_MAX_ENTRIES, "4096")
                .with(BrokerConfig.HTTP_PORT, "0").with(BrokerConfig.NETWORK_HOST, "127.0.0.1")
                .with(BrokerConfig.HANDSHAKE_TIMEOUT_MS, "1000")
                .with(BrokerConfig.DEFAULT_QUEUES, "1")
                .with("stomp.port", "0").with("amqp.port", "0").with("mqtt.port", "0").with("native.port", "0")
                .with("nameserver.embedded", "false");
    }

    public static InetSocketAddress mqttAddress(Broker broker) {
        return broker.listeners().get("mqtt").get(0);
    }

    public static String tcpUri(Broker broker) {
        InetSocketAddress address = mqttAddress(broker);
        return "tcp://127.0.0.1:" + address.getPort();
    }
}
