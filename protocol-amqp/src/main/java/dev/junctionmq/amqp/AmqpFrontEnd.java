package dev.junctionmq.amqp;

import dev.junctionmq.amqp.address.AmqpAddress.AddressPrefixes;
import dev.junctionmq.amqp.connection.AmqpConnectionHandler;
import dev.junctionmq.amqp.connection.AmqpSettings;
import dev.junctionmq.amqp.transport.AmqpFrameGuard;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.FrontEndConfig;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The AMQP 1.0 front end (default port 5672) on Apache Qpid Proton-J. Configuration keys ({@code amqp.*} in
 * {@code conf/broker.conf}, see docs/configuration.md): {@code host}, {@code port}, {@code allowAnonymous},
 * {@code maxFrameSize}, {@code idleTimeoutMs}, {@code producerCredit}, {@code queuePrefix}, {@code topicPrefix},
 * {@code browseLimit}. The largest message is the broker's maximum message size.
 */
public final class AmqpFrontEnd implements ProtocolFrontEnd {

    private static final Logger log = LoggerFactory.getLogger(AmqpFrontEnd.class);
    /** SASL frames are small (mechanisms, an initial response); AMQP 1.0 part 5, 5.3.1 sets 512 as the floor. */
    private static final int MAX_SASL_FRAME_SIZE = 8 * 1024;

    private FrontEndConfig config;
    private BrokerServices services;
    private AmqpSettings settings;

    @Override
    public String name() {
        return "amqp";
    }

    @Override
    public int defaultPort() {
        return 5672;
    }

    @Override
    public OptionalInt defaultTlsPort() {
        return OptionalInt.of(5671);
    }

    @Override
    public void initialize(FrontEndConfig frontEndConfig) {
        this.config = frontEndConfig;
    }

    @Override
    public void start(BrokerServices brokerServices) {
        this.services = brokerServices;
        this.settings = new AmqpSettings(
                config.getBoolean("allowAnonymous", true),
                config.getInt("maxFrameSize", 128 * 1024),
                config.getInt("idleTimeoutMs", 60_000),
                config.getInt("producerCredit", 1000),
                new AddressPrefixes(config.get("queuePrefix", AddressPrefixes.DEFAULT.queue()),
                        config.get("topicPrefix", AddressPrefixes.DEFAULT.topic())),
                config.getInt("browseLimit", 10_000),
                brokerServices.maxMessageSize());
    }

    @Override
    public Map<InetSocketAddress, ChannelInitializer<SocketChannel>> channelInitializers() {
        log.debug("AMQP settings {}", settings);
        InetSocketAddress address = new InetSocketAddress(config.get("host", "0.0.0.0"),
                config.getInt("port", defaultPort()));
        boolean saslRequired = !(settings.allowAnonymous() && services.auth().anonymousAllowed());
        return Map.of(address, new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline()
                        .addLast("amqp-frame-guard", new AmqpFrameGuard(settings.maxFrameSize(), MAX_SASL_FRAME_SIZE,
                                saslRequired))
                        .addLast("amqp", new AmqpConnectionHandler(services, settings));
            }
        });
    }

    @Override
    public void close() {
        // connections close with the broker's event loops
    }
}
