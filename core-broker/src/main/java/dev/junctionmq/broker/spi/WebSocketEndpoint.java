package dev.junctionmq.broker.spi;

import io.netty.channel.Channel;

import java.util.List;
import java.util.Objects;

/**
 * A WebSocket path a front end serves on the broker's HTTP port (see {@link ProtocolFrontEnd#webSocketEndpoints()}).
 * The broker answers the upgrade (RFC 6455), enforces the size limits and handles ping, pong and close; once the
 * handshake is complete it calls {@link Initializer#initialize} on the channel's event loop, and the handlers the
 * front end added there then receive {@code channelActive}, followed by the data frames of the connection:
 * {@code TextWebSocketFrame}, {@code BinaryWebSocketFrame} and {@code ContinuationWebSocketFrame} (Netty's
 * {@code io.netty.handler.codec.http.websocketx} types). What they write must be WebSocket frames too.
 *
 * @param subprotocols         the {@code Sec-WebSocket-Protocol} values served, most preferred first; the broker selects
 *                             the first of these that the client offers. May be empty.
 * @param acceptsNoSubprotocol whether a client that offers no subprotocol at all is accepted (the initializer then
 *                             gets {@code null}); a client that offers only other subprotocols is always refused (400)
 * @param maxMessageSize       the largest WebSocket frame payload and, over continuation frames, the largest message
 *                             in bytes; larger ones are refused by their length, before they are buffered, and the
 *                             connection is closed with 1009 (message too big)
 * @param initializer          adds the front end's handlers for an upgraded connection
 */
public record WebSocketEndpoint(List<String> subprotocols, boolean acceptsNoSubprotocol, int maxMessageSize,
                                Initializer initializer) {

    public WebSocketEndpoint {
        subprotocols = List.copyOf(subprotocols);
        if (maxMessageSize <= 0) {
            throw new IllegalArgumentException("maxMessageSize must be positive, was " + maxMessageSize);
        }
        Objects.requireNonNull(initializer, "initializer");
    }

    /** Sets up the pipeline of one upgraded connection. */
    @FunctionalInterface
    public interface Initializer {

        /**
         * Adds the front end's handlers with {@code channel.pipeline().addLast(...)}; called on the channel's event
         * loop, must not block.
         *
         * @param subprotocol the negotiated subprotocol, or {@code null} if the client offered none
         */
        void initialize(Channel channel, String subprotocol);
    }
}
