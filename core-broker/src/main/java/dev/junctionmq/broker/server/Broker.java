package dev.junctionmq.broker.server;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.engine.EngineConfig;
import dev.junctionmq.broker.engine.delivery.DeliveryPolicy;
import dev.junctionmq.broker.http.HealthReport;
import dev.junctionmq.broker.http.HttpServer;
import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.FileAuthService;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import dev.junctionmq.broker.store.FlushMode;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.StoreConfig;
import dev.junctionmq.broker.tls.ServerTls;
import dev.junctionmq.broker.tls.TlsSettings;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * A running broker: store, engine, security, the front ends found on the class path, and the HTTP endpoint, all
 * sharing one set of Netty event loops. {@link #close()} stops accepting, closes front ends, saves engine state and
 * closes the store cleanly.
 */
public final class Broker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Broker.class);

    private final MessageStore store;
    private final Engine engine;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final FrontEndListeners listeners;
    private final HttpServer http;
    private final int httpPort;
    /** HTTPS (and {@code wss://}) next to HTTP when TLS is configured; null otherwise. */
    private final HttpServer https;
    private final EmbeddedNameServer nameServer;

    private Broker(MessageStore store, Engine engine, EmbeddedNameServer nameServer, EventLoopGroup bossGroup,
                   EventLoopGroup workerGroup, FrontEndListeners listeners, HttpServer http, int httpPort,
                   HttpServer https) {
        this.store = store;
        this.engine = engine;
        this.nameServer = nameServer;
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.listeners = listeners;
        this.http = http;
        this.httpPort = httpPort;
        this.https = https;
    }

    public static Broker start(BrokerConfig config) {
        StoreConfig storeConfig = config.storeConfig();
        MessageStore store = MessageStore.open(storeConfig);
        Engine engine = null;
        EmbeddedNameServer nameServer = null;
        EventLoopGroup boss = null;
        EventLoopGroup workers = null;
        FrontEndListeners listeners = null;
        HttpServer http = null;
        HttpServer https = null;
        try {
            engine = new Engine(engineConfig(config), store);
            if (config.booleanValue(BrokerConfig.NAMESERVER_EMBEDDED)) {
                java.net.InetSocketAddress storeHost = storeConfig.storeHost();
                nameServer = EmbeddedNameServer.start(config.get(BrokerConfig.NETWORK_HOST),
                        config.intSetting(BrokerConfig.NAMESERVER_PORT), config.get(BrokerConfig.CLUSTER_NAME),
                        config.get(BrokerConfig.BROKER_NAME),
                        storeHost.getAddress().getHostAddress() + ":" + storeHost.getPort(), engine.topics());
            }
            AuthService auth = security(config);
            boss = new NioEventLoopGroup(1, new DefaultThreadFactory("junction-accept"));
            workers = new NioEventLoopGroup(ioThreads(config), new DefaultThreadFactory("junction-io"));
            EngineBrokerServices services = new EngineBrokerServices(engine, auth, storeConfig.maxMessageSize(),
                    Duration.ofMillis(config.longSetting(BrokerConfig.HANDSHAKE_TIMEOUT_MS)),
                    config.dataDir().resolve("frontends"));
            Duration handshakeTimeout = Duration.ofMillis(config.longSetting(BrokerConfig.HANDSHAKE_TIMEOUT_MS));
            ServerTls tls = TlsSettings.from(config).map(settings -> {
                log.info("TLS listeners enabled: {}", settings);
                return ServerTls.create(settings, handshakeTimeout);
            }).orElse(null);
            listeners = new FrontEndListeners(boss, workers, tls);
            for (ProtocolFrontEnd frontEnd : ServiceLoader.load(ProtocolFrontEnd.class)) {
                listeners.add(frontEnd, config, services);
            }
            if (listeners.isEmpty()) {
                log.warn("no protocol front ends found on the class path: the broker serves no messaging clients");
            }
            MessageStore storeRef = store;
            Engine engineRef = engine;
            FrontEndListeners listenersRef = listeners;
            HttpServer.Builder httpBuilder = HttpServer.builder()
                    .host(config.get(BrokerConfig.NETWORK_HOST))
                    .port(config.intSetting(BrokerConfig.HTTP_PORT))
                    .bossGroup(boss)
                    .workerGroup(workers)
                    .health(() -> health(storeRef, engineRef, listenersRef));
            listeners.webSockets().forEach(httpBuilder::webSocket);
            http = httpBuilder.build();
            int httpPort = http.start();
            if (tls != null && config.booleanValue(BrokerConfig.HTTP_TLS_ENABLED)) {
                https = httpBuilder.port(config.intSetting(BrokerConfig.HTTP_TLS_PORT)).tls(tls).build();
                https.start();
            }
            log.info("Junction broker started: data in {}, {}", storeConfig.directory().toAbsolutePath(),
                    storeConfig.flushMode());
            return new Broker(store, engine, nameServer, boss, workers, listeners, http, httpPort, https);
        } catch (RuntimeException e) {
            if (https != null) {
                https.close();
            }
            if (http != null) {
                http.close();
            }
            if (listeners != null) {
                listeners.close();
            }
            if (nameServer != null) {
                nameServer.close();
            }
            if (engine != null) {
                engine.close();
            }
            shutdown(boss);
            shutdown(workers);
            store.close();
            throw e;
        }
    }

    /**
     * The network threads shared by every listener: {@code network.ioThreads}, or half the cores (at least one).
     * Not Netty's two per core: each message also costs the store's and the engine's threads, and on a small
     * machine fewer, busier event loops batch their writes and wake each other less (see README, MQTT figures).
     */
    static int ioThreads(BrokerConfig config) {
        int configured = config.intSetting(BrokerConfig.IO_THREADS);
        return configured > 0 ? configured : defaultIoThreads();
    }

    /** The network threads when {@code network.ioThreads} is 0: half the cores, at least one. */
    public static int defaultIoThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static EngineConfig engineConfig(BrokerConfig config) {
        int threads = config.intSetting(BrokerConfig.DELIVERY_THREADS);
        DeliveryPolicy policy = new DeliveryPolicy(config.intSetting(BrokerConfig.MAX_RECONSUME_TIMES),
                Duration.ofMillis(config.longSetting(BrokerConfig.RETRY_DELAY_MS)),
                Duration.ofMillis(config.longSetting(BrokerConfig.VISIBILITY_TIMEOUT_MS)),
                DeliveryPolicy.DEFAULT.orderlySuspend());
        EngineConfig defaults = EngineConfig.defaults(config.dataDir().resolve("config"));
        return new EngineConfig(defaults.configDirectory(), config.booleanValue(BrokerConfig.AUTO_CREATE_TOPICS),
                config.intSetting(BrokerConfig.DEFAULT_QUEUES), threads > 0 ? threads : defaults.deliveryThreads(),
                policy, defaults.offsetFlushInterval());
    }

    private static AuthService security(BrokerConfig config) {
        String file = config.get(BrokerConfig.SECURITY_FILE).trim();
        if (file.isEmpty()) {
            log.warn("no security file configured ({}): every client may do everything, anonymously",
                    BrokerConfig.SECURITY_FILE);
            return FileAuthService.allowAll();
        }
        log.info("security: users and permissions from {}", file);
        return FileAuthService.load(java.nio.file.Path.of(file));
    }

    private static HealthReport health(MessageStore store, Engine engine, FrontEndListeners listeners) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commitLogMinOffset", store.commitLogMinOffset());
        details.put("commitLogMaxOffset", store.commitLogMaxOffset());
        details.put("commitLogFlushedOffset", store.commitLogFlushedOffset());
        details.put("dispatchLagBytes", store.dispatchLagBytes());
        if (store.config().flushMode() == FlushMode.SYNC_FLUSH) {
            details.put("groupCommit", store.groupCommitStats()); // {"forces":..,"appends":..}
        }
        details.put("topics", engine.topics().all().size());
        details.put("listeners", listeners.describe());
        return new HealthReport("UP", details);
    }

    public Engine engine() {
        return engine;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Port of the HTTPS endpoint ({@code wss://} WebSockets, {@code /health}), or -1 without TLS. */
    public int httpsPort() {
        return https == null ? -1 : https.port();
    }

    /** Port of the embedded name server, or -1 when it is off ({@code nameserver.embedded=false}). */
    public int nameServerPort() {
        return nameServer == null ? -1 : nameServer.port();
    }

    /** Bound address of each front end's listeners, by front-end name. */
    public Map<String, List<InetSocketAddress>> listeners() {
        return listeners.bound();
    }

    @Override
    public void close() {
        log.info("broker stopping");
        listeners.close();
        http.close();
        if (https != null) {
            https.close();
        }
        if (nameServer != null) {
            nameServer.close();
        }
        engine.close();
        shutdown(bossGroup);
        shutdown(workerGroup);
        store.close();
        log.info("broker stopped");
    }

    private static void shutdown(EventLoopGroup group) {
        if (group != null) {
            group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

}
