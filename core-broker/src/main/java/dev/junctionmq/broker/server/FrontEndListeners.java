package dev.junctionmq.broker.server;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.FrontEndConfig;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import dev.junctionmq.broker.spi.WebSocketEndpoint;
import dev.junctionmq.broker.tls.ServerTls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/** Binds every front end's listen addresses on the broker's shared event loops, and closes them in order. */
final class FrontEndListeners implements AutoCloseable {

    /** Listener names of TLS variants: {@code amqp-tls} next to {@code amqp}. */
    static final String TLS_SUFFIX = "-tls";

    private static final Logger log = LoggerFactory.getLogger(FrontEndListeners.class);

    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final List<ProtocolFrontEnd> frontEnds = new ArrayList<>();
    private final List<Channel> channels = new ArrayList<>();
    private final Map<String, List<InetSocketAddress>> bound = new LinkedHashMap<>();
    private final Map<String, WebSocketEndpoint> webSockets = new LinkedHashMap<>();

    /** TLS for every front end's TLS listener; null when no key store is configured. */
    private final ServerTls tls;

    FrontEndListeners(EventLoopGroup bossGroup, EventLoopGroup workerGroup, ServerTls tls) {
        this.bossGroup = bossGroup;
        this.workerGroup = workerGroup;
        this.tls = tls;
    }

    void add(ProtocolFrontEnd frontEnd, BrokerConfig config, BrokerServices services) {
        Map<String, String> section = config.section(frontEnd.name());
        if ("false".equalsIgnoreCase(section.getOrDefault("enabled", "true").trim())) {
            log.info("front end {} is disabled ({}.enabled=false)", frontEnd.name(), frontEnd.name());
            return;
        }
        section.putIfAbsent("host", config.get(BrokerConfig.NETWORK_HOST));
        section.putIfAbsent("port", Integer.toString(frontEnd.defaultPort()));
        frontEnd.initialize(new FrontEndConfig(frontEnd.name(), section));
        frontEnd.start(services);
        frontEnds.add(frontEnd);
        frontEnd.webSocketEndpoints().forEach((path, endpoint) -> {
            if (webSockets.putIfAbsent(path, endpoint) != null) {
                throw new IllegalStateException("front end " + frontEnd.name() + " declares WebSocket path " + path
                        + ", which another front end already serves");
            }
            log.info("{} serves WebSocket {} on the HTTP port (subprotocols {})", frontEnd.name(), path,
                    endpoint.subprotocols());
        });
        Map<InetSocketAddress, ChannelInitializer<SocketChannel>> initializers = frontEnd.channelInitializers();
        for (Map.Entry<InetSocketAddress, ChannelInitializer<SocketChannel>> listener : initializers.entrySet()) {
            bind(frontEnd.name(), listener.getKey(), listener.getValue(), "");
        }
        OptionalInt tlsPort = tlsPort(frontEnd, section);
        if (tls != null && tlsPort.isPresent() && !initializers.isEmpty()) {
            // The TLS variant serves the front end's own pipeline (that of its first listener) behind TLS.
            InetSocketAddress plain = initializers.keySet().iterator().next();
            String host = section.getOrDefault("tls.host", plain.getHostString());
            bind(frontEnd.name() + TLS_SUFFIX, new InetSocketAddress(host, tlsPort.getAsInt()),
                    tls.wrap(initializers.get(plain)), " (TLS)");
        }
    }

    /** {@code <name>.tls.port}, else the front end's usual TLS port; empty if off ({@code <name>.tls.enabled}). */
    private static OptionalInt tlsPort(ProtocolFrontEnd frontEnd, Map<String, String> section) {
        if ("false".equalsIgnoreCase(section.getOrDefault("tls.enabled", "true").trim())) {
            return OptionalInt.empty();
        }
        String port = section.get("tls.port");
        if (port != null && !port.isBlank()) {
            try {
                return OptionalInt.of(Integer.parseInt(port.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(frontEnd.name() + ".tls.port must be a port number, not '" + port
                        + "'");
            }
        }
        return frontEnd.defaultTlsPort();
    }

    private void bind(String name, InetSocketAddress address, ChannelInitializer<SocketChannel> initializer,
                      String note) {
        Channel channel = new ServerBootstrap().group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(address).syncUninterruptibly().channel();
        channels.add(channel);
        InetSocketAddress bound = (InetSocketAddress) channel.localAddress();
        this.bound.computeIfAbsent(name, n -> new ArrayList<>()).add(bound);
        log.info("{} listening on {}:{}{}", name, bound.getHostString(), bound.getPort(), note);
    }

    /** The WebSocket paths the front ends declared, for the HTTP server. */
    Map<String, WebSocketEndpoint> webSockets() {
        return webSockets;
    }

    boolean isEmpty() {
        return frontEnds.isEmpty();
    }

    Map<String, List<InetSocketAddress>> bound() {
        return bound;
    }

    Map<String, List<String>> describe() {
        Map<String, List<String>> described = new LinkedHashMap<>();
        bound.forEach((name, addresses) -> described.put(name,
                addresses.stream().map(a -> a.getHostString() + ":" + a.getPort()).toList()));
        return described;
    }

    /** Stops accepting, then closes each front end (which closes its connections). */
    @Override
    public void close() {
        for (Channel channel : channels) {
            channel.close().syncUninterruptibly();
        }
        for (ProtocolFrontEnd frontEnd : frontEnds) {
            try {
                frontEnd.close();
            } catch (RuntimeException e) {
                log.warn("front end {} failed to close cleanly", frontEnd.name(), e);
            }
        }
    }
}
