package dev.junctionmq.broker.http;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;

/**
 * Answers requests for one path of the {@link HttpServer} route table.
 *
 * <p>Runs on a Netty event loop thread, which also serves other connections (and, when the broker shares its event
 * loops, other front ends): it must return quickly and must never block — no disk or network I/O, no locks that
 * may be held for long, no waiting on futures. Work that cannot meet this belongs elsewhere, with the handler
 * reading its latest result.
 *
 * <p>The request is released by the server after this returns; a handler that keeps any part of it must retain
 * it. The server sets {@code Connection} handling and strips the body from responses to {@code HEAD}.
 */
@FunctionalInterface
public interface HttpRouteHandler {

    /**
     * @param request the whole request; its body is at most the server's {@code maxContentLength}
     * @return the response to send, with {@code Content-Length} set; the server takes ownership of it
     */
    FullHttpResponse handle(FullHttpRequest request);
}
