package dev.junctionmq.broker.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/** Small complete responses with {@code Content-Type} and {@code Content-Length} set. */
public final class HttpResponses {

    private HttpResponses() {
    }

    /** A {@code text/plain; charset=UTF-8} response; a newline is appended to the text. */
    public static FullHttpResponse text(HttpResponseStatus status, String text) {
        return bytes(status, "text/plain; charset=UTF-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** An {@code application/json} response with an already-serialized (UTF-8) body. */
    public static FullHttpResponse json(HttpResponseStatus status, byte[] json) {
        return bytes(status, HttpHeaderValues.APPLICATION_JSON.toString(), json);
    }

    static FullHttpResponse bytes(HttpResponseStatus status, String contentType, byte[] body) {
        FullHttpResponse response =
                new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, contentType)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set("X-Content-Type-Options", "nosniff");
        return response;
    }
}
