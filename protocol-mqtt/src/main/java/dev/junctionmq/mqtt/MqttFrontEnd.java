package dev.junctionmq.mqtt;

import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.FrontEndConfig;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import dev.junctionmq.broker.spi.WebSocketEndpoint;
import dev.junctionmq.mqtt.codec.MqttWebSocketCodec;
import dev.junctionmq.mqtt.retain.RetainedMessages;
import dev.junctionmq.mqtt.session.MqttConnection;
import dev.junctionmq.mqtt.session.MqttContext;
import dev.junctionmq.mqtt.session.MqttSettings;
import dev.junctionmq.mqtt.session.SessionRegistry;
import dev.junctionmq.mqtt.session.SharedSubscriptions;
import dev.junctionmq.mqtt.subscription.FilterRouting;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The MQTT 3.1.1 / 5.0 front end over TCP (default port 1883) and WebSocket ({@code /mqtt} on the broker's HTTP
 * port, subprotocol {@code mqtt}). Configuration keys ({@code mqtt.*} in {@code conf/broker.conf}, see
 * docs/configuration.md): {@code host}, {@code port}, {@code maxPacketSize}, {@code maxInflight},
 * {@code receiveMaximum}, {@code topicAliasMaximum}, {@code maxSessionExpirySeconds}, {@code sessionThreads},
 * {@code websocket.enabled}, {@code websocket.path}, {@code websocket.maxFrameSize}.
 */
public final class MqttFrontEnd implements ProtocolFrontEnd {

    private static final Logger log = LoggerFactory.getLogger(MqttFrontEnd.class);
    static final String WEBSOCKET_PATH = "/mqtt";
    /** MQTT 3.1.1 §6 / MQTT 5.0 §6: "mqtt"; "mqttv3.1" is what MQTT 3.1 clients offered. */
    private static final List<String> SUBPROTOCOLS = List.of("mqtt", "mqttv3.1");
    /** The largest remaining length MQTT can express (MQTT 3.1.1 §2.2.3). */
    private static final int MQTT_MAX_REMAINING_LENGTH = 268_435_455;

    private FrontEndConfig config;
    private MqttContext context;
    private RetainedMessages retained;
    private SessionRegistry sessions;
    /** Open connections, closed before the sessions and journals at shutdown. */
    private final ChannelGroup connections = new DefaultChannelGroup("mqtt", GlobalEventExecutor.INSTANCE);

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public int defaultPort() {
        return 1883;
    }

    @Override
    public OptionalInt defaultTlsPort() {
        return OptionalInt.of(8883);
    }

    @Override
    public void initialize(FrontEndConfig frontEndConfig) {
        this.config = frontEndConfig;
    }

    @Override
    public void start(BrokerServices services) {
        // a packet carries the body plus topic and properties: allow 64 KiB beyond the largest body by default
        long defaultMax = Math.min(MQTT_MAX_REMAINING_LENGTH, (long) services.maxMessageSize() + 64 * 1024);
        MqttSettings settings = new MqttSettings(
                config.getInt("maxPacketSize", (int) defaultMax),
                config.getInt("maxInflight", 256),
                config.getInt("receiveMaximum", 1024),
                config.getInt("topicAliasMaximum", 64),
                Long.parseLong(config.get("maxSessionExpirySeconds", "4294967295").trim()),
                config.getInt("sessionThreads", 2));
        Path state = services.stateDirectory(name());
        services.createTopic(FilterRouting.PUBLISH_TOPIC, 1);
        FilterRouting routing = new FilterRouting();
        services.addSendRoute(routing);
        retained = new RetainedMessages(state);
        sessions = new SessionRegistry(state, routing, services, settings.sessionThreads());
        context = new MqttContext(services, settings, sessions, retained, new SharedSubscriptions(services),
                new AtomicBoolean());
        log.info("MQTT front end started: {} retained message(s), {} persistent session(s); {}", retained.size(),
                sessions.size(), settings);
    }

    private void addMqttHandlers(Channel channel) {
        connections.add(channel);
        // many small packets (PUBACKs, deliveries) are written from tasks: one flush for several of them
        channel.pipeline().addLast("mqtt-flush", new FlushConsolidationHandler(256, true));
        // the decoder checks each packet's declared remaining length against the limit before buffering it
        channel.pipeline().addLast("mqtt-decoder", new MqttDecoder(context.settings().maxPacketSize(), 65535))
                .addLast("mqtt-encoder", MqttEncoder.INSTANCE)
                .addLast("mqtt", new MqttConnection(context));
    }

    @Override
    public Map<InetSocketAddress, ChannelInitializer<SocketChannel>> channelInitializers() {
        InetSocketAddress address = new InetSocketAddress(config.get("host", "0.0.0.0"),
                config.getInt("port", defaultPort()));
        return Map.of(address, new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                addMqttHandlers(channel);
            }
        });
    }

    /**
     * MQTT over WebSocket on the broker's HTTP port: {@code websocket.path} (default {@value #WEBSOCKET_PATH}),
     * subprotocol {@code mqtt} [MQTT-6.0.0-3] (or the older {@code mqttv3.1}); a client offering none is refused.
     */
    @Override
    public Map<String, WebSocketEndpoint> webSocketEndpoints() {
        if (!config.getBoolean("websocket.enabled", true)) {
            return Map.of();
        }
        String path = config.get("websocket.path", WEBSOCKET_PATH);
        int maxFrame = config.getInt("websocket.maxFrameSize", context.settings().maxPacketSize() + 5);
        return Map.of(path, new WebSocketEndpoint(SUBPROTOCOLS, false, maxFrame, (channel, subprotocol) -> {
            channel.pipeline().addLast("mqtt-websocket", new MqttWebSocketCodec());
            addMqttHandlers(channel);
        }));
    }

    @Override
    public void close() {
        // connections first: each lets go of its session (and publishes its will) while the session threads run
        if (context != null) {
            context.stopping().set(true);
            connections.forEach(channel -> channel.pipeline().fireUserEventTriggered(MqttConnection.SHUTDOWN));
        }
        connections.close().awaitUninterruptibly(10_000);
        if (sessions != null) {
            sessions.close();
        }
        if (retained != null) {
            retained.close();
        }
    }
}
