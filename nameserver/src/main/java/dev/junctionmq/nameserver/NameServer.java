package dev.junctionmq.nameserver;

import dev.junctionmq.nameserver.route.RouteTable;
import dev.junctionmq.remoting.RemotingCommandDecoder;
import dev.junctionmq.remoting.RemotingCommandEncoder;
import dev.junctionmq.remoting.RequestCode;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A standalone name server: a Netty server speaking the remoting protocol in front of a {@link RouteTable}, plus a
 * timer that drops brokers which stopped re-registering (ANCHORS §1.16). Start with {@link #start()}, stop with
 * {@link #close()}; not restartable.
 */
public final class NameServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 9876;
    /** RocketMQ's {@code DEFAULT_BROKER_CHANNEL_EXPIRED_TIME}. */
    public static final Duration DEFAULT_BROKER_EXPIRY = Duration.ofSeconds(120);
    /** RocketMQ's {@code scanNotActiveBrokerInterval}. */
    public static final Duration DEFAULT_SCAN_INTERVAL = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(NameServer.class);

    private final String host;
    private final int port;
    private final Duration brokerExpiry;
    private final Duration scanInterval;
    private final int maxFrameLength;
    private final RouteTable routes;

    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private ScheduledExecutorService expiryTimer;
    private Channel serverChannel;

    private NameServer(Builder builder) {
        this.host = builder.host;
        this.port = builder.port;
        this.brokerExpiry = builder.brokerExpiry;
        this.scanInterval = builder.scanInterval;
        this.maxFrameLength = builder.maxFrameLength;
        this.routes = new RouteTable(builder.clock);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds and starts serving; answers the bound port (useful with port 0). */
    public synchronized int start() throws InterruptedException {
        if (serverChannel != null) {
            throw new IllegalStateException("already started");
        }
        RequestDispatcher dispatcher = new RequestDispatcher(Map.of(
                RequestCode.REGISTER_BROKER, new RegisterBrokerProcessor(routes),
                RequestCode.UNREGISTER_BROKER, new UnregisterBrokerProcessor(routes),
                RequestCode.GET_ROUTEINFO_BY_TOPIC, new RouteInfoProcessor(routes),
                RequestCode.GET_BROKER_CLUSTER_INFO, new ClusterInfoProcessor(routes)));
        bossGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("nameserver-accept"));
        workerGroup = new NioEventLoopGroup(0, new DefaultThreadFactory("nameserver-io"));
        try {
            serverChannel = new ServerBootstrap()
                    .group(bossGroup, workerGroup)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel channel) {
                            channel.pipeline()
                                    .addLast("decoder", new RemotingCommandDecoder(maxFrameLength))
                                    .addLast("encoder", RemotingCommandEncoder.INSTANCE)
                                    .addLast("dispatcher", dispatcher);
                        }
                    })
                    .bind(host, port).sync().channel();
        } catch (InterruptedException | RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        expiryTimer = Executors.newSingleThreadScheduledExecutor(new DefaultThreadFactory("nameserver-expiry", true));
        expiryTimer.scheduleWithFixedDelay(this::expireSilentBrokers, scanInterval.toMillis(),
                scanInterval.toMillis(), TimeUnit.MILLISECONDS);
        int boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("name server listening on {}:{} (broker expiry {} s)", host, boundPort, brokerExpiry.toSeconds());
        return boundPort;
    }

    /** The route state, for embedding (a standalone broker) and tests. */
    public RouteTable routes() {
        return routes;
    }

    @Override
    public synchronized void close() {
        if (expiryTimer != null) {
            expiryTimer.shutdownNow();
        }
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        shutdownGroups();
        log.info("name server closed");
    }

    private void shutdownGroups() {
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private void expireSilentBrokers() {
        try {
            List<String> expired = routes.expireSilentBrokers(brokerExpiry);
            if (!expired.isEmpty()) {
                log.warn("brokers {} silent for more than {} s; removed from routes", expired,
                        brokerExpiry.toSeconds());
            }
        } catch (RuntimeException e) {
            log.error("broker expiry scan failed", e);
        }
    }

    /** Configures a {@link NameServer}; every default is RocketMQ's. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = DEFAULT_PORT;
        private Duration brokerExpiry = DEFAULT_BROKER_EXPIRY;
        private Duration scanInterval = DEFAULT_SCAN_INTERVAL;
        private int maxFrameLength = RemotingCommandDecoder.DEFAULT_MAX_FRAME_LENGTH;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The address to bind; default all interfaces. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** The port to bind; default 9876, 0 for any free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** How long a broker may stay silent before its routes are dropped; default 120 s. */
        public Builder brokerExpiry(Duration brokerExpiry) {
            this.brokerExpiry = positive(brokerExpiry, "brokerExpiry");
            return this;
        }

        /** How often silent brokers are looked for; default 5 s. */
        public Builder scanInterval(Duration scanInterval) {
            this.scanInterval = positive(scanInterval, "scanInterval");
            return this;
        }

        /** The largest accepted frame, length field included; default 16 MiB. */
        public Builder maxFrameLength(int maxFrameLength) {
            if (maxFrameLength < 8) {
                throw new IllegalArgumentException("maxFrameLength too small: " + maxFrameLength);
            }
            this.maxFrameLength = maxFrameLength;
            return this;
        }

        /** The clock registrations and expiry are measured with; tests inject their own. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public NameServer build() {
            return new NameServer(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
