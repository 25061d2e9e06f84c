package dev.junctionmq.broker.server;

import dev.junctionmq.broker.engine.topic.TopicConfig;
import dev.junctionmq.broker.engine.topic.TopicRegistry;
import dev.junctionmq.nameserver.NameServer;
import dev.junctionmq.nameserver.route.BrokerRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The name-server role of a standalone broker: a {@link NameServer} in the broker's process, and the broker's own
 * registration in it, renewed every few seconds with the current topic table (well inside the name server's
 * 120-second broker expiry), so RocketMQ clients find this broker's topics at {@code <host>:9876}.
 */
final class EmbeddedNameServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedNameServer.class);
    private static final long REGISTER_EVERY_SECONDS = 5;

    private final NameServer nameServer;
    private final int port;
    private final ScheduledExecutorService registrar = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "junction-route-registration");
        t.setDaemon(true);
        return t;
    });

    private EmbeddedNameServer(NameServer nameServer, int port) {
        this.nameServer = nameServer;
        this.port = port;
    }

    /**
     * @param brokerAddress the address RocketMQ clients reach this broker's native protocol at ({@code host:port})
     */
    static EmbeddedNameServer start(String host, int port, String clusterName, String brokerName,
                                    String brokerAddress, TopicRegistry topics) {
        NameServer nameServer = NameServer.builder().host(host).port(port).build();
        int bound;
        try {
            bound = nameServer.start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            nameServer.close();
            throw new IllegalStateException("interrupted while starting the embedded name server", e);
        }
        EmbeddedNameServer embedded = new EmbeddedNameServer(nameServer, bound);
        Runnable register = () -> embedded.register(clusterName, brokerName, brokerAddress, topics);
        register.run();
        embedded.registrar.scheduleWithFixedDelay(register, REGISTER_EVERY_SECONDS, REGISTER_EVERY_SECONDS,
                TimeUnit.SECONDS);
        log.info("name server listening on {}:{}; broker {} of cluster {} registered at {}", host, bound, brokerName,
                clusterName, brokerAddress);
        return embedded;
    }

    private void register(String clusterName, String brokerName, String brokerAddress, TopicRegistry topics) {
        try {
            Map<String, dev.junctionmq.nameserver.route.TopicConfig> routes = new HashMap<>();
            for (TopicConfig topic : topics.all()) {
                routes.put(topic.topicName(), new dev.junctionmq.nameserver.route.TopicConfig(topic.topicName(),
                        topic.readQueueNums(), topic.writeQueueNums(), topic.perm(), 0));
            }
            nameServer.routes().register(new BrokerRegistration(clusterName, brokerName, brokerAddress, 0, "",
                    routes));
        } catch (RuntimeException e) {
            log.warn("registering broker {} with the embedded name server failed", brokerName, e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        registrar.shutdownNow();
        nameServer.close();
    }
}
