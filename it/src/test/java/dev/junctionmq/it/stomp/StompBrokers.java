package dev.junctionmq.it.stomp;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** In-process brokers for the STOMP tests: ephemeral ports, small store, short timeouts. */
final class StompBrokers {

    static final int MAX_MESSAGE_SIZE = 64 * 1024;

    private StompBrokers() {
    }

    static BrokerConfig config(Path dir) {
        return BrokerConfig.load(null).with(BrokerConfig.DATA_DIR, dir.resolve("data").toString())
                .with(BrokerConfig.SEGMENT_SIZE, Integer.toString(4 << 20))
                .with(BrokerConfig.MAX_MESSAGE_SIZE, Integer.toString(MAX_MESSAGE_SIZE))
                .with(BrokerConfig.INDEX_HASH_SLOTS, "1024").with(BrokerConfig.INDEX_MAX_ENTRIES, "4096")
                .with(BrokerConfig.HTTP_PORT, "0").with(BrokerConfig.NETWORK_HOST, "127.0.0.1")
                .with(BrokerConfig.HANDSHAKE_TIMEOUT_MS, "500")
                // one queue per topic: messages of a destination arrive in the order sent
                .with(BrokerConfig.DEFAULT_QUEUES, "1")
                .with("stomp.port", "0").with("amqp.port", "0").with("mqtt.port", "0").with("native.port", "0")
                .with("stomp.heartBeat.sendMs", "100").with("stomp.heartBeat.receiveMs", "100")
                .with("stomp.maxHeaders", "50")
                // no embedded name server on its fixed port: these tests need only the STOMP listener
                .with("nameserver.embedded", "false");
    }

    static InetSocketAddress stompAddress(Broker broker) {
        return broker.listeners().get("stomp").get(0);
    }
}
