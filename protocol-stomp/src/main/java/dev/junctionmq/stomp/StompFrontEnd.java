package dev.junctionmq.stomp;

import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.FrontEndConfig;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import dev.junctionmq.broker.spi.WebSocketEndpoint;
import dev.junctionmq.stomp.codec.StompFrameDecoder;
import dev.junctionmq.stomp.codec.StompFrameEncoder;
import dev.junctionmq.stomp.codec.StompLimits;
import dev.junctionmq.stomp.codec.StompWebSocketCodec;
import dev.junctionmq.stomp.session.StompConnection;
import dev.junctionmq.stomp.session.StompSettings;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The STOMP 1.0/1.1/1.2 front end over TCP (default port 61613). Configuration keys ({@code stomp.*} in
 * {@code conf/broker.conf}): {@code host}, {@code port}, {@code maxHeaderLineLength}, {@code maxHeaders},
 * {@code maxHeaderBytes}, {@code heartBeat.sendMs}, {@code heartBeat.receiveMs}, {@code prefetch.client},
 * {@code prefetch.auto}, {@code websocket.enabled}, {@code websocket.path}, {@code websocket.maxFrameSize}. The
 * largest body is the broker's maximum message size. Also serves STOMP over WebSocket on the broker's HTTP port
 * ({@link #webSocketEndpoints()}).
 */
public final class StompFrontEnd implements ProtocolFrontEnd {

    private static final Logger log = LoggerFactory.getLogger(StompFrontEnd.class);
    static final String WEBSOCKET_PATH = "/stomp";
    /** Most preferred first. */
    private static final List<String> SUBPROTOCOLS = List.of("v12.stomp", "v11.stomp", "v10.stomp");

    private FrontEndConfig config;
    private BrokerServices services;
    private StompSettings settings;

    @Override
    public String name() {
        return "stomp";
    }

    @Override
    public int defaultPort() {
        return 61613;
    }

    @Override
    public OptionalInt defaultTlsPort() {
        return OptionalInt.of(61612);
    }

    @Override
    public void initialize(FrontEndConfig frontEndConfig) {
        this.config = frontEndConfig;
        this.settings = new StompSettings(
                frontEndConfig.getInt("heartBeat.sendMs", 10_000),
                frontEndConfig.getInt("heartBeat.receiveMs", 10_000),
                frontEndConfig.getInt("prefetch.client", 100),
                frontEndConfig.getInt("prefetch.auto", 1000));
    }

    @Override
    public void start(BrokerServices brokerServices) {
        this.services = brokerServices;
    }

    private StompLimits limits() {
        return new StompLimits(
                config.getInt("maxHeaderLineLength", 10 * 1024),
                config.getInt("maxHeaders", 1000),
                config.getInt("maxHeaderBytes", 256 * 1024),
                services.maxMessageSize());
    }

    @Override
    public Map<InetSocketAddress, ChannelInitializer<SocketChannel>> channelInitializers() {
        StompLimits limits = limits();
        log.debug("STOMP limits {}, {}", limits, settings);
        InetSocketAddress address = new InetSocketAddress(config.get("host", "0.0.0.0"),
                config.getInt("port", defaultPort()));
        return Map.of(address, new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                StompFrameDecoder decoder = new StompFrameDecoder(limits);
                StompFrameEncoder encoder = new StompFrameEncoder();
                channel.pipeline().addLast("stomp-flush", flushConsolidation())
                        .addLast("stomp-decoder", decoder)
                        .addLast("stomp-encoder", encoder)
                        .addLast("stomp", new StompConnection(services, settings, decoder, encoder));
            }
        });
    }

    /**
     * STOMP over WebSocket on the broker's HTTP port: {@code websocket.path} (default {@value #WEBSOCKET_PATH}),
     * subprotocols {@code v12.stomp}, {@code v11.stomp}, {@code v10.stomp} (the highest one offered is selected);
     * a client offering no subprotocol is accepted too, as by ActiveMQ and RabbitMQ. The STOMP version itself is
     * negotiated by CONNECT's {@code accept-version}, as over TCP. Messages are limited to
     * {@code websocket.maxFrameSize} bytes, by default the maximum body plus the header limits.
     */
    @Override
    public Map<String, WebSocketEndpoint> webSocketEndpoints() {
        if (!config.getBoolean("websocket.enabled", true)) {
            return Map.of();
        }
        StompLimits limits = limits();
        long allowance = (long) limits.maxBodyLength() + limits.maxHeaderBytes() + limits.maxHeaderLineLength() + 4;
        int maxFrameSize = config.getInt("websocket.maxFrameSize", (int) Math.min(Integer.MAX_VALUE, allowance));
        String path = config.get("websocket.path", WEBSOCKET_PATH);
        return Map.of(path, new WebSocketEndpoint(SUBPROTOCOLS, true, maxFrameSize, (channel, subprotocol) -> {
            StompFrameDecoder decoder = new StompFrameDecoder(limits);
            StompFrameEncoder encoder = new StompFrameEncoder();
            channel.pipeline().addLast("stomp-flush", flushConsolidation())
                    .addLast("stomp-websocket", new StompWebSocketCodec())
                    .addLast("stomp-decoder", decoder)
                    .addLast("stomp-encoder", encoder)
                    .addLast("stomp", new StompConnection(services, settings, decoder, encoder));
        }));
    }

    /**
     * Every frame the connection writes (MESSAGE, RECEIPT) is flushed on its own; this turns the flushes of one read
     * burst, or of the tasks queued on the event loop at that moment, into one socket write. Without it a busy
     * connection spends as much time in write system calls as in STOMP.
     */
    private static FlushConsolidationHandler flushConsolidation() {
        return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
    }

    @Override
    public void close() {
        // connections close with the broker's event loops
    }
}
