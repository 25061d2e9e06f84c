package dev.junctionmq.broker.http;

import dev.junctionmq.broker.spi.WebSocketEndpoint;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sits between the aggregator and the router of every HTTP connection. A request for a path some front end serves
 * as a WebSocket endpoint is upgraded: this handler selects the subprotocol (the endpoint's most preferred one that
 * the client offers), installs Netty's {@link WebSocketServerProtocolHandler} for exactly that path, subprotocol and
 * frame size in front of itself and hands it the request. Once the handshake is complete it removes the HTTP idle
 * timeout and the router (liveness is now the front end's business, as on its TCP listener), lets the endpoint add
 * its handlers behind itself and sends them {@code channelActive}. From then on it only enforces the endpoint's
 * message size over continuation frames (a single frame is limited by the WebSocket decoder, by its declared
 * length); either violation closes the connection with 1009.
 *
 * <p>Answers: 400 to an upgrade that offers only subprotocols the endpoint does not serve (or none, when the endpoint
 * requires one), 426 to a plain request for a WebSocket path. Other paths go on to the router (404 if unknown).
 */
final class WebSocketUpgradeHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(WebSocketUpgradeHandler.class);
    static final String NAME = "ws-upgrade";
    private static final String PROTOCOL_HANDLER = "ws-protocol";
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final Map<String, WebSocketEndpoint> endpoints;
    private WebSocketEndpoint endpoint;
    private boolean upgraded;
    private boolean tooBig;
    private long messageBytes;

    WebSocketUpgradeHandler(Map<String, WebSocketEndpoint> endpoints) {
        this.endpoints = endpoints;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (tooBig) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (upgraded && msg instanceof WebSocketFrame frame) {
            if (checkMessageSize(ctx, frame)) {
                ctx.fireChannelRead(msg);
            } else {
                ReferenceCountUtil.release(msg);
            }
            return;
        }
        if (endpoint != null || !(msg instanceof FullHttpRequest request) || !request.decoderResult().isSuccess()) {
            ctx.fireChannelRead(msg);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        WebSocketEndpoint target = endpoints.get(path);
        if (target == null) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!isUpgrade(request)) {
            FullHttpResponse response = HttpResponses.text(HttpResponseStatus.UPGRADE_REQUIRED,
                    "426 Upgrade Required: " + path + " is a WebSocket endpoint");
            response.headers().set(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET);
            reject(ctx, request, response);
            return;
        }
        List<String> offered = offeredSubprotocols(request);
        String selected = select(target, offered);
        if (selected == null && (!offered.isEmpty() || !target.acceptsNoSubprotocol())) {
            log.info("WebSocket upgrade to {} from {} refused: subprotocols {} offered, {} served", path,
                    ctx.channel().remoteAddress(), offered, target.subprotocols());
            reject(ctx, request, HttpResponses.text(HttpResponseStatus.BAD_REQUEST, "400 Bad Request: "
                    + "no supported WebSocket subprotocol offered; this endpoint serves " + target.subprotocols()));
            return;
        }
        endpoint = target;
        WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(request.uri())
                .checkStartsWith(false)
                .subprotocols(selected)
                .handleCloseFrames(true)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
                .decoderConfig(WebSocketDecoderConfig.newBuilder()
                        .maxFramePayloadLength(target.maxMessageSize())
                        .allowExtensions(false)
                        .closeOnProtocolViolation(true)
                        .build())
                .build();
        ctx.pipeline().addBefore(ctx.name(), PROTOCOL_HANDLER, new WebSocketServerProtocolHandler(config));
        // The protocol handler put its handshake handler in front of itself: hand the request to it.
        handshakeContextBefore(ctx.pipeline()).fireChannelRead(request);
    }

    /** The context just in front of the handshake handler, whose fireChannelRead reaches it. */
    private static ChannelHandlerContext handshakeContextBefore(ChannelPipeline pipeline) {
        ChannelHandlerContext previous = null;
        for (String name : pipeline.names()) {
            ChannelHandlerContext context = pipeline.context(name);
            if (context == null) {
                continue;
            }
            if (context.handler().getClass().getName().endsWith("WebSocketServerProtocolHandshakeHandler")) {
                return previous;
            }
            previous = context;
        }
        throw new IllegalStateException("no WebSocket handshake handler in " + pipeline.names());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete complete && endpoint != null
                && !upgraded) {
            upgraded = true;
            ChannelPipeline pipeline = ctx.pipeline();
            for (String name : List.of(HttpServer.IDLE, HttpServer.ROUTER)) {
                if (pipeline.get(name) != null) {
                    pipeline.remove(name);
                }
            }
            String subprotocol = complete.selectedSubprotocol();
            log.debug("WebSocket {} from {} upgraded (subprotocol {})", complete.requestUri(),
                    ctx.channel().remoteAddress(), subprotocol);
            try {
                endpoint.initializer().initialize(ctx.channel(), subprotocol);
            } catch (RuntimeException e) {
                log.warn("WebSocket endpoint {} failed to initialise a connection", complete.requestUri(), e);
                ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.INTERNAL_SERVER_ERROR))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            ctx.fireChannelActive();
        }
        ctx.fireUserEventTriggered(evt);
    }

    /**
     * A frame the WebSocket decoder refused (over the size limit, unmasked, reserved bits): it has already sent the
     * close frame (1009, 1002) and closes the connection, so the front end is not bothered with it.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            log.info("WebSocket connection from {}: {} ({}), closing", ctx.channel().remoteAddress(),
                    corrupted.getMessage(), corrupted.closeStatus());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }

    /** False (and the connection closing with 1009) once a message grows past the endpoint's limit. */
    private boolean checkMessageSize(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame) {
            messageBytes = 0;
        } else if (!(frame instanceof ContinuationWebSocketFrame)) {
            return true;
        }
        messageBytes += frame.content().readableBytes();
        if (messageBytes <= endpoint.maxMessageSize()) {
            return true;
        }
        log.info("WebSocket connection from {}: message over {} bytes, closing", ctx.channel().remoteAddress(),
                endpoint.maxMessageSize());
        tooBig = true; // drop whatever follows
        ctx.writeAndFlush(new CloseWebSocketFrame(WebSocketCloseStatus.MESSAGE_TOO_BIG,
                "message over " + messageBytes + " bytes")).addListener(ChannelFutureListener.CLOSE);
        return false;
    }

    private static boolean isUpgrade(FullHttpRequest request) {
        return request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
                && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private static List<String> offeredSubprotocols(FullHttpRequest request) {
        List<String> offered = new ArrayList<>();
        for (String header : request.headers().getAll(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL)) {
            for (String token : header.split(",")) {
                if (!token.isBlank()) {
                    offered.add(token.trim());
                }
            }
        }
        return offered;
    }

    private static String select(WebSocketEndpoint endpoint, List<String> offered) {
        for (String served : endpoint.subprotocols()) {
            if (offered.contains(served)) {
                return served;
            }
        }
        return null;
    }

    private static void reject(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
        HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), false);
        request.release();
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
