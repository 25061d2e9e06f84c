package dev.junctionmq.stomp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * STOMP over WebSocket: sits between the WebSocket protocol handler and the {@link StompFrameDecoder}/
 * {@link StompFrameEncoder}. Inbound, the payload of every text, binary and continuation frame goes on as bytes to
 * the STOMP decoder, which treats them as one stream (so a STOMP frame may span WebSocket frames and one WebSocket
 * frame may hold several STOMP frames, as the STOMP-over-WebSocket clients expect). Outbound, each encoded STOMP
 * frame (and each heart-beat EOL) becomes one WebSocket frame: text when it is valid UTF-8, binary otherwise (a body
 * with arbitrary bytes).
 */
public final class StompWebSocketCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf encoded, List<Object> out) {
        out.add(ByteBufUtil.isText(encoded, StandardCharsets.UTF_8)
                ? new TextWebSocketFrame(encoded.retain())
                : new BinaryWebSocketFrame(encoded.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame
                || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            // ping, pong and close are answered by the WebSocket protocol handler before this one
            out.add(frame.retain());
        }
    }
}
