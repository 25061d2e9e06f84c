package dev.junctionmq.it.amqp;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.server.Broker;
import dev.junctionmq.it.InProcessBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import org.apache.qpid.jms.JmsConnectionFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** In-process brokers for the AMQP tests: ephemeral ports, small store, short timeouts, Qpid JMS factories. */
final class AmqpBrokers {

    static final int MAX_MESSAGE_SIZE = 256 * 1024;

    private AmqpBrokers() {
    }

    static BrokerConfig config(Path dir) {
        return BrokerConfig.load(null).with(BrokerConfig.DATA_DIR, dir.resolve("data").toString())
                .with(BrokerConfig.SEGMENT_SIZE, Integer.toString(16 << 20))
                .with(BrokerConfig.MAX_MESSAGE_SIZE, Integer.toString(MAX_MESSAGE_SIZE))
                .with(BrokerConfig.INDEX_HASH_SLOTS, "1024").with(BrokerConfig.INDEX_MAX_ENTRIES, "16384")
                .with(BrokerConfig.HTTP_PORT, "0").with(BrokerConfig.NETWORK_HOST, "127.0.0.1")
                .with(BrokerConfig.HANDSHAKE_TIMEOUT_MS, "1000")
                // one queue per topic: messages of a destination arrive in the order sent
                .with(BrokerConfig.DEFAULT_QUEUES, "1")
                .with("stomp.port", "0").with("amqp.port", "0").with("mqtt.port", "0").with("native.port", "0")
                .with("amqp.maxFrameSize", "65536")
                // no embedded name server on its fixed port
                .with("nameserver.embedded", "false");
    }

    static InetSocketAddress amqpAddress(Broker broker) {
        return broker.listeners().get("amqp").get(0);
    }

    static String uri(Broker broker) {
        InetSocketAddress address = amqpAddress(broker);
        return "amqp://" + address.getHostString() + ":" + address.getPort();
    }

    /** A request the broker never answers fails the test after 15 s instead of hanging it. */
    private static final String TIMEOUTS = "jms.requestTimeout=15000&jms.connectTimeout=15000";

    static JmsConnectionFactory factory(Broker broker) {
        return new JmsConnectionFactory(uri(broker) + "?" + TIMEOUTS);
    }

    static JmsConnectionFactory factory(Broker broker, String query) {
        return new JmsConnectionFactory(uri(broker) + "?" + TIMEOUTS + "&" + query);
    }

    /** A started connection to the test's broker, closed after the test. */
    static Connection startedConnection(InProcessBroker broker) throws JMSException {
        return started(broker, factory(broker.broker()));
    }

    /** A started connection with Qpid JMS URI options ({@code query}), closed after the test. */
    static Connection startedConnection(InProcessBroker broker, String query) throws JMSException {
        return started(broker, factory(broker.broker(), query));
    }

    private static Connection started(InProcessBroker broker, JmsConnectionFactory factory) throws JMSException {
        Connection connection = broker.closeAfterTest(factory.createConnection());
        connection.start();
        return connection;
    }
}
