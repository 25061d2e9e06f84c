package dev.junctionmq.broker.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Last handler of every HTTP connection: looks the request path up in the route table (exact match, query string
 * ignored) and answers 404 for unknown paths, 405 with {@code Allow} for methods the route does not take, and
 * otherwise whatever the route's handler returns. {@code HEAD} is accepted wherever {@code GET} is and gets the
 * {@code GET} headers without the body. Also closes idle connections and logs connection errors.
 *
 * <p>Stateless apart from the immutable route table, so one instance serves every connection.
 */
@ChannelHandler.Sharable
final class HttpRouter extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(HttpRouter.class);

    /** One entry of the route table. {@code methods} already includes HEAD when it includes GET. */
    record Route(Set<HttpMethod> methods, HttpRouteHandler handler) {

        Route {
            methods = Set.copyOf(methods);
        }

        static Route of(Set<HttpMethod> methods, HttpRouteHandler handler) {
            if (methods.isEmpty()) {
                throw new IllegalArgumentException("a route needs at least one method");
            }
            Set<HttpMethod> all = new HashSet<>(methods);
            if (all.contains(HttpMethod.GET)) {
                all.add(HttpMethod.HEAD);
            }
            return new Route(all, Objects.requireNonNull(handler, "handler"));
        }

        String allowHeader() {
            return methods.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
        }
    }

    private final Map<String, Route> routes;

    HttpRouter(Map<String, Route> routes) {
        this.routes = Map.copyOf(routes);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            rejectMalformed(ctx, request);
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        Route route = routes.get(path);
        FullHttpResponse response;
        if (route == null) {
            response = HttpResponses.text(HttpResponseStatus.NOT_FOUND, "404 Not Found");
        } else if (!route.methods().contains(request.method())) {
            response = HttpResponses.text(HttpResponseStatus.METHOD_NOT_ALLOWED, "405 Method Not Allowed");
            response.headers().set(HttpHeaderNames.ALLOW, route.allowHeader());
        } else {
            response = invoke(ctx, route, request, path);
        }
        send(ctx, request, response, false);
    }

    private static FullHttpResponse invoke(ChannelHandlerContext ctx, Route route, FullHttpRequest request,
                                           String path) {
        try {
            FullHttpResponse response = route.handler().handle(request);
            if (response == null) {
                throw new IllegalStateException("route handler returned no response");
            }
            return response;
        } catch (RuntimeException e) {
            log.warn("HTTP {} {} from {} failed", request.method(), path, ctx.channel().remoteAddress(), e);
            return HttpResponses.text(HttpResponseStatus.INTERNAL_SERVER_ERROR, "500 Internal Server Error");
        }
    }

    private static void rejectMalformed(ChannelHandlerContext ctx, FullHttpRequest request) {
        Throwable cause = request.decoderResult().cause();
        HttpResponseStatus status;
        if (cause instanceof TooLongHttpLineException) {
            status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
        } else {
            status = HttpResponseStatus.BAD_REQUEST;
        }
        log.warn("malformed HTTP request from {}: {}", ctx.channel().remoteAddress(), String.valueOf(cause));
        // The decoder cannot resynchronise with the byte stream after a failure: answer, then close.
        send(ctx, request, HttpResponses.text(status, status.toString()), true);
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response,
                             boolean close) {
        if (HttpMethod.HEAD.equals(request.method()) && response.content().isReadable()) {
            int length = response.content().readableBytes();
            FullHttpResponse headersOnly = response.replace(Unpooled.EMPTY_BUFFER);
            response.release();
            headersOnly.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
            response = headersOnly;
        }
        boolean keepAlive = !close && HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response.headers(), request.protocolVersion(), keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        written.addListener(keepAlive ? ChannelFutureListener.CLOSE_ON_FAILURE : ChannelFutureListener.CLOSE);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            log.debug("closing idle HTTP connection from {}", ctx.channel().remoteAddress());
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // Resets and broken pipes: the peer went away; the stack trace says nothing useful.
            log.warn("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("HTTP connection from {} failed", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}
