package dev.junctionmq.broker.http;

import dev.junctionmq.broker.spi.WebSocketEndpoint;
import dev.junctionmq.broker.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The broker's HTTP endpoint (default port {@value #DEFAULT_PORT}), on Netty. Today it serves {@code GET /health};
 * it is built to carry more: requests are dispatched through a route table (path to {@link HttpRouteHandler}, see
 * {@link Builder#route}), and front ends add WebSocket paths ({@link Builder#webSocket}, for example STOMP on
 * {@code /stomp}): a {@code ws-upgrade} handler between the aggregator and the router answers their upgrades by
 * putting Netty's WebSocket protocol handler for the path in front of itself and the front end's handlers behind it
 * (see {@link WebSocketUpgradeHandler}); an upgraded connection loses its idle timeout and router.
 *
 * <p>Per connection the pipeline is:
 * <ol>
 *   <li>{@code idle} — {@link IdleStateHandler}: a connection with no reads or writes for {@code idleTimeout}
 *       (default 60 s) is closed;</li>
 *   <li>{@code http} — {@link HttpServerCodec}, with Netty's default limits (4 KiB request line, 8 KiB headers);</li>
 *   <li>{@code aggregator} — at most {@code maxContentLength} (default 64 KiB) of body; more is answered 413, by
 *       {@code Content-Length} before any of the body is buffered;</li>
 *   <li>{@code ws-upgrade} — only when WebSocket paths are configured: {@link WebSocketUpgradeHandler};</li>
 *   <li>{@code router} — the route table; 404 for unknown paths, 405 with {@code Allow} for other methods.</li>
 * </ol>
 *
 * <p><b>Event loops.</b> Give the broker's own groups to {@link Builder#bossGroup}/{@link Builder#workerGroup} to
 * share its threads; the server then never shuts them down. Only when neither is given does it create a single
 * one-thread group of its own, which {@link #close()} shuts down. Every handler, including the health supplier,
 * runs on those event loop threads, so none may block.
 *
 * <p>Thread-safe; {@link #start()} may be called once. {@code start()} and {@code close()} wait, so they must not be
 * called from an event loop thread.
 */
public final class HttpServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 8161;
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CONTENT_LENGTH = 64 * 1024;
    public static final String HEALTH_PATH = "/health";

    static final String IDLE = "idle";
    static final String ROUTER = "router";

    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private enum State { NEW, STARTED, CLOSED }

    private final String host;
    private final int port;
    private final EventLoopGroup sharedBossGroup;
    private final EventLoopGroup sharedWorkerGroup;
    private final Class<? extends ServerChannel> channelClass;
    private final long idleTimeoutMillis;
    private final int maxContentLength;
    private final HttpRouter router;
    private final Map<String, WebSocketEndpoint> webSockets;
    /** TLS in front of HTTP (HTTPS, {@code wss://}), or null. */
    private final ServerTls tls;
    private final ChannelGroup connections = new DefaultChannelGroup("junction-http", GlobalEventExecutor.INSTANCE);

    private final Object lock = new Object();
    private State state = State.NEW;
    private volatile boolean closing;
    private EventLoopGroup ownedGroup;
    private Channel serverChannel;
    private int boundPort = -1;

    private HttpServer(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.sharedBossGroup = b.bossGroup != null ? b.bossGroup : b.workerGroup;
        this.sharedWorkerGroup = b.workerGroup != null ? b.workerGroup : b.bossGroup;
        this.channelClass = b.channelClass;
        this.idleTimeoutMillis = b.idleTimeout.toMillis();
        this.maxContentLength = b.maxContentLength;
        Map<String, HttpRouter.Route> routes = new LinkedHashMap<>(b.routes);
        routes.put(HEALTH_PATH, HttpRouter.Route.of(Set.of(HttpMethod.GET), new HealthRoute(b.health)));
        this.router = new HttpRouter(routes);
        this.webSockets = Map.copyOf(b.webSockets);
        this.tls = b.tls;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Binds and starts accepting connections.
     *
     * @return the port actually bound (the ephemeral one chosen by the system when configured with port 0)
     * @throws UncheckedIOException  if the address cannot be bound (in use, not local, unresolvable); the server
     *                               is then closed
     * @throws IllegalStateException if already started or closed
     */
    public int start() {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new IllegalStateException("HTTP server already " + state.name().toLowerCase());
            }
            state = State.STARTED;
            EventLoopGroup boss = sharedBossGroup;
            EventLoopGroup worker = sharedWorkerGroup;
            if (boss == null) {
                ownedGroup = new NioEventLoopGroup(1, new DefaultThreadFactory("junction-http"));
                boss = ownedGroup;
                worker = ownedGroup;
            }
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, worker)
                    .channel(channelClass)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .option(ChannelOption.SO_BACKLOG, 128)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            HttpServer.this.initChannel(ch);
                        }
                    });
            ChannelFuture bound = bootstrap.bind(host, port).awaitUninterruptibly();
            if (!bound.isSuccess()) {
                Throwable cause = bound.cause();
                closeLocked();
                throw new UncheckedIOException("cannot listen for HTTP on " + host + ":" + port + ": " + cause,
                        cause instanceof IOException io ? io : new IOException(cause));
            }
            serverChannel = bound.channel();
            boundPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        }
        log.info("{} listening on {}:{} (health at {}, WebSocket at {})", tls == null ? "HTTP" : "HTTPS", host,
                boundPort, HEALTH_PATH, webSockets.keySet());
        return boundPort;
    }

    private void initChannel(Channel ch) {
        if (closing) {
            ch.close();
            return;
        }
        connections.add(ch);
        if (tls != null) {
            tls.addTo(ch);
        }
        ch.pipeline()
                .addLast(IDLE, new IdleStateHandler(0, 0, idleTimeoutMillis, TimeUnit.MILLISECONDS))
                .addLast("http", new HttpServerCodec())
                .addLast("aggregator", new LimitedHttpObjectAggregator(maxContentLength));
        if (!webSockets.isEmpty()) {
            ch.pipeline().addLast(WebSocketUpgradeHandler.NAME, new WebSocketUpgradeHandler(webSockets));
        }
        ch.pipeline().addLast(ROUTER, router);
    }

    /** The bound port once {@link #start()} has returned, otherwise -1. */
    public int port() {
        synchronized (lock) {
            return boundPort;
        }
    }

    /**
     * Stops listening and closes every open connection; shuts down the event loop group only if this server created
     * it. When this returns the port can be bound again. Idempotent; safe before {@link #start()}.
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (state == State.CLOSED) {
                return;
            }
            closeLocked();
        }
        log.debug("HTTP on {}:{} closed", host, boundPort);
    }

    private void closeLocked() {
        state = State.CLOSED;
        closing = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        connections.close().awaitUninterruptibly();
        if (ownedGroup != null) {
            ownedGroup.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Configures an {@link HttpServer}; every setting has a default except {@link #health}. */
    public static final class Builder {

        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private EventLoopGroup bossGroup;
        private EventLoopGroup workerGroup;
        private Class<? extends ServerChannel> channelClass = NioServerSocketChannel.class;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
        private Supplier<HealthReport> health;
        private final Map<String, HttpRouter.Route> routes = new LinkedHashMap<>();
        private final Map<String, WebSocketEndpoint> webSockets = new LinkedHashMap<>();
        private ServerTls tls;

        private Builder() {
        }

        /** Address to bind; default {@value HttpServer#DEFAULT_HOST} (all interfaces). */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind, 0 for an ephemeral one; default {@value HttpServer#DEFAULT_PORT}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, was " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * Event loop group that accepts connections; not shut down by the server. If only one of boss and worker
         * group is given it serves both roles; if neither, the server creates (and closes) its own.
         */
        public Builder bossGroup(EventLoopGroup bossGroup) {
            this.bossGroup = bossGroup;
            return this;
        }

        /** Event loop group that serves the connections; not shut down by the server. See {@link #bossGroup}. */
        public Builder workerGroup(EventLoopGroup workerGroup) {
            this.workerGroup = workerGroup;
            return this;
        }

        /**
         * Server channel type matching shared event loop groups (for example an epoll channel for epoll groups);
         * default {@link NioServerSocketChannel}.
         */
        public Builder channelClass(Class<? extends ServerChannel> channelClass) {
            this.channelClass = Objects.requireNonNull(channelClass, "channelClass");
            return this;
        }

        /** Connections with no traffic for this long are closed; zero disables. Default 60 s. */
        public Builder idleTimeout(Duration idleTimeout) {
            if (idleTimeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative, was " + idleTimeout);
            }
            this.idleTimeout = idleTimeout;
            return this;
        }

        /** Largest request body accepted; larger ones get 413. Default 64 KiB. */
        public Builder maxContentLength(int maxContentLength) {
            if (maxContentLength < 0) {
                throw new IllegalArgumentException("maxContentLength must not be negative, was " + maxContentLength);
            }
            this.maxContentLength = maxContentLength;
            return this;
        }

        /**
         * What {@code GET /health} reports (required). Called on an event loop thread for every health request, so
         * it must be cheap and must never block: return state the broker already keeps up to date (volatile fields,
         * counters), do no I/O and take no contended locks. It may throw or return {@code null}; either is reported
         * as DOWN (503).
         */
        public Builder health(Supplier<HealthReport> health) {
            this.health = Objects.requireNonNull(health, "health");
            return this;
        }

        /**
         * Adds a route: requests for exactly {@code path} (query string ignored) with one of {@code methods} go to
         * {@code handler}, which must not block (see {@link HttpRouteHandler}); HEAD is allowed wherever GET is.
         * {@value HttpServer#HEALTH_PATH} is reserved.
         */
        public Builder route(String path, Set<HttpMethod> methods, HttpRouteHandler handler) {
            Objects.requireNonNull(path, "path");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
            }
            if (path.equals(HEALTH_PATH) || routes.containsKey(path) || webSockets.containsKey(path)) {
                throw new IllegalArgumentException("a route for " + path + " already exists");
            }
            routes.put(path, HttpRouter.Route.of(methods, handler));
            return this;
        }

        /**
         * Serves {@code path} (exact, query string ignored) as a WebSocket endpoint: upgrade requests for it are
         * answered per RFC 6455 and the connection is handed to the endpoint (see {@link WebSocketUpgradeHandler}).
         * The path may not also be a route.
         */
        public Builder webSocket(String path, WebSocketEndpoint endpoint) {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(endpoint, "endpoint");
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', was '" + path + "'");
            }
            if (path.equals(HEALTH_PATH) || routes.containsKey(path) || webSockets.containsKey(path)) {
                throw new IllegalArgumentException("a route for " + path + " already exists");
            }
            webSockets.put(path, endpoint);
            return this;
        }

        /** Serves HTTPS (and {@code wss://} WebSockets) instead of plain HTTP. */
        public Builder tls(ServerTls tls) {
            this.tls = tls;
            return this;
        }

        public HttpServer build() {
            if (health == null) {
                throw new IllegalStateException("a health supplier is required");
            }
            return new HttpServer(this);
        }
    }
}
