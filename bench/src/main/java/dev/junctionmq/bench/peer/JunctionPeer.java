package dev.junctionmq.bench.peer;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.broker.store.FlushMode;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * An in-process Junction broker for the comparison benchmarks: the defaults of conf/broker.conf, its data under a
 * directory of its own, every front end on an ephemeral loopback port, no embedded name server.
 */
public final class JunctionPeer implements AutoCloseable {

    private final Broker broker;

    private JunctionPeer(Broker broker) {
        this.broker = broker;
    }

    public static JunctionPeer start(Path dataDir, FlushMode flushMode) {
        BrokerConfig config = BrokerConfig.load(null)
                .with(BrokerConfig.DATA_DIR, dataDir.toString())
                .with(BrokerConfig.FLUSH_MODE, flushMode.name())
                .with(BrokerConfig.NETWORK_HOST, "127.0.0.1")
                .with(BrokerConfig.HTTP_PORT, "0")
                .with(BrokerConfig.NAMESERVER_EMBEDDED, "false")
                .with("stomp.port", "0").with("amqp.port", "0").with("mqtt.port", "0").with("native.port", "0");
        return new JunctionPeer(Broker.start(config));
    }

    /** Where front end {@code protocol} ("stomp", "amqp", "mqtt", ...) listens. */
    public InetSocketAddress address(String protocol) {
        List<InetSocketAddress> addresses = broker.listeners().get(protocol);
        if (addresses == null || addresses.isEmpty()) {
            throw new IllegalStateException("no " + protocol + " front end on the class path");
        }
        return addresses.get(0);
    }

    @Override
    public void close() {
        broker.close();
    }
}
