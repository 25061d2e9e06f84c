package dev.junctionmq.stomp;

import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.FrontEndConfig;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import dev.junctionmq.stomp.codec.StompFrameDecoder;
import dev.junctionmq.stomp.codec.StompFrameEncoder;
import dev.junctionmq.stomp.codec.StompLimits;
import dev.junctionmq.stomp.session.StompConnection;
import dev.junctionmq.stomp.session.StompSettings;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The STOMP 1.0/1.1/1.2 front end over TCP (default port 61613). Configuration keys ({@code stomp.*} in
 * {@code conf/broker.conf}): {@code host}, {@code port}, {@code maxHeaderLineLength}, {@code maxHeaders},
 * {@code maxHeaderBytes}, {@code heartBeat.sendMs}, {@code heartBeat.receiveMs}, {@code prefetch.client},
 * {@code prefetch.auto}. The largest body is the broker's maximum message size.
 */
public final class StompFrontEnd implements ProtocolFrontEnd {

    private static final Logger log = LoggerFactory.getLogger(StompFrontEnd.class);

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

    @Override
    public Map<InetSocketAddress, ChannelInitializer<SocketChannel>> channelInitializers() {
        StompLimits limits = new StompLimits(
                config.getInt("maxHeaderLineLength", 10 * 1024),
                config.getInt("maxHeaders", 1000),
                config.getInt("maxHeaderBytes", 256 * 1024),
                services.maxMessageSize());
        log.debug("STOMP limits {}, {}", limits, settings);
        InetSocketAddress address = new InetSocketAddress(config.get("host", "0.0.0.0"),
                config.getInt("port", defaultPort()));
        return Map.of(address, new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                StompFrameDecoder decoder = new StompFrameDecoder(limits);
                StompFrameEncoder encoder = new StompFrameEncoder();
                channel.pipeline().addLast("stomp-decoder", decoder)
                        .addLast("stomp-encoder", encoder)
                        .addLast("stomp", new StompConnection(services, settings, decoder, encoder));
            }
        });
    }

    @Override
    public void close() {
        // connections close with the broker's event loops
    }
}
