package dev.junctionmq.broker.tls;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;

/**
 * Sits right behind the {@code SslHandler}: logs a failed TLS handshake once, with the peer's address, and keeps the
 * TLS errors away from the front end, which would otherwise report them as protocol errors. The {@code SslHandler}
 * closes the connection itself.
 */
final class TlsHandshakeFailures extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(TlsHandshakeFailures.class);

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent completion) {
            if (!completion.isSuccess()) {
                log.info("TLS handshake with {} failed: {}", ctx.channel().remoteAddress(),
                        reason(completion.cause()));
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, event);
            ctx.pipeline().remove(this); // the handshake is done: nothing more to watch
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /**
     * Netty's message for a non-TLS record carries the bytes received in hex: a plain-text client's first packet,
     * which may hold its password (an MQTT CONNECT, a STOMP CONNECT). Never log those.
     */
    private static String reason(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            return "the client did not speak TLS (plain-text connection to a TLS port?)";
        }
        return cause.getMessage();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) throws Exception {
        boolean tlsError = cause instanceof SSLException
                || cause instanceof DecoderException && cause.getCause() instanceof SSLException;
        if (tlsError) {
            ctx.close(); // reported by the handshake event
            return;
        }
        super.exceptionCaught(ctx, cause);
    }
}
