package dev.junctionmq.broker.spi;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A protocol front end (AMQP, STOMP, MQTT, ...), found with {@link java.util.ServiceLoader} and driven by the broker
 * through this lifecycle:
 * <ol>
 *   <li>{@link #initialize(FrontEndConfig)} with the keys of its own configuration section;</li>
 *   <li>{@link #start(BrokerServices)} once the store and engine are up;</li>
 *   <li>{@link #channelInitializers()}: the broker binds each address on its shared Netty event loops and runs
 *       the initializer for every accepted connection;</li>
 *   <li>{@link #webSocketEndpoints()}: the broker serves each path as a WebSocket upgrade on its HTTP port;</li>
 *   <li>{@link #close()} at shutdown, after the listeners stop accepting.</li>
 * </ol>
 * A front end sees the broker only through {@link BrokerServices}: sessions, authentication, limits.
 */
public interface ProtocolFrontEnd extends AutoCloseable {

    /** Short lower-case name, also its configuration prefix: {@code amqp}, {@code stomp}, {@code mqtt}. */
    String name();

    /** The port it listens on when the configuration does not say otherwise. */
    int defaultPort();

    /**
     * The port of its TLS variant (AMQP 5671, STOMP 61612, MQTT 8883) when the configuration does not say otherwise
     * ({@code <name>.tls.port}); empty if it has no usual one. The broker puts TLS in front of the front end's
     * pipeline on that port when a key store is configured: the front end itself has no TLS code.
     */
    default OptionalInt defaultTlsPort() {
        return OptionalInt.empty();
    }

    void initialize(FrontEndConfig config);

    void start(BrokerServices services);

    /** Listen addresses and the pipeline each accepted connection gets. */
    Map<InetSocketAddress, ChannelInitializer<SocketChannel>> channelInitializers();

    /**
     * WebSocket paths (exact, starting with {@code /}) served on the broker's HTTP port, each with its endpoint;
     * asked once, after {@link #start(BrokerServices)}. Two front ends may not declare the same path. Default: none.
     */
    default Map<String, WebSocketEndpoint> webSocketEndpoints() {
        return Map.of();
    }

    @Override
    void close();
}
