package dev.junctionmq.broker.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HttpObjectAggregator} that also logs its rejections. Netty does the rejecting: a request whose
 * {@code Content-Length} exceeds the limit is answered 413 from its headers alone and its body is read and dropped,
 * never buffered (so a keep-alive connection stays usable); with {@code Expect: 100-continue} the client is told 413
 * before it sends the body; a chunked body is buffered only up to the limit, then answered 413 and the connection
 * closed.
 */
final class LimitedHttpObjectAggregator extends HttpObjectAggregator {

    private static final Logger log = LoggerFactory.getLogger(LimitedHttpObjectAggregator.class);

    LimitedHttpObjectAggregator(int maxContentLength) {
        super(maxContentLength);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
        logRejection(ctx);
        super.handleOversizedMessage(ctx, oversized);
    }

    @Override
    protected Object newContinueResponse(HttpMessage start, int maxContentLength, ChannelPipeline pipeline) {
        Object response = super.newContinueResponse(start, maxContentLength, pipeline);
        if (response instanceof HttpResponse r
                && HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE.code() == r.status().code()) {
            logRejection(pipeline.context(this));
        }
        return response;
    }

    private void logRejection(ChannelHandlerContext ctx) {
        log.warn("HTTP request from {} rejected with 413: body over {} bytes",
                ctx == null ? "?" : ctx.channel().remoteAddress(), maxContentLength());
    }
}
