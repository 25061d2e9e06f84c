package dev.junctionmq.nameserver;

import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.ResponseCode;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Hands each request to the processor for its code and writes the answer (none for a oneway request). An unknown
 * code gets {@code REQUEST_CODE_NOT_SUPPORTED} (3); a processor failure gets its code or {@code SYSTEM_ERROR}. A
 * frame that cannot be decoded closes that connection only.
 */
@ChannelHandler.Sharable
final class RequestDispatcher extends SimpleChannelInboundHandler<RemotingCommand> {

    private static final Logger log = LoggerFactory.getLogger(RequestDispatcher.class);

    private final Map<Integer, RequestProcessor> processors;

    RequestDispatcher(Map<Integer, RequestProcessor> processors) {
        this.processors = Map.copyOf(processors);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, RemotingCommand request) {
        if (request.isResponse()) {
            log.debug("ignoring unsolicited response {} from {}", request.opaque(), ctx.channel().remoteAddress());
            return;
        }
        RemotingCommand response = answer(ctx, request);
        if (!request.isOneway()) {
            ctx.writeAndFlush(response);
        }
    }

    private RemotingCommand answer(ChannelHandlerContext ctx, RemotingCommand request) {
        RequestProcessor processor = processors.get(request.code());
        if (processor == null) {
            log.debug("request code {} from {} is not supported", request.code(), ctx.channel().remoteAddress());
            return request.responseBuilder(ResponseCode.REQUEST_CODE_NOT_SUPPORTED)
                    .remark("request code " + request.code() + " not supported")
                    .build();
        }
        try {
            return processor.process(ctx.channel(), request);
        } catch (RequestException e) {
            log.warn("request {} from {} rejected: {}", request.code(), ctx.channel().remoteAddress(),
                    e.getMessage());
            return request.responseBuilder(e.code()).remark(e.getMessage()).build();
        } catch (RuntimeException e) {
            log.error("request {} from {} failed", request.code(), ctx.channel().remoteAddress(), e);
            return request.responseBuilder(ResponseCode.SYSTEM_ERROR).remark(e.toString()).build();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        log.debug("connection from {}", ctx.channel().remoteAddress());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        log.debug("connection from {} closed", ctx.channel().remoteAddress());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("closing connection from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
