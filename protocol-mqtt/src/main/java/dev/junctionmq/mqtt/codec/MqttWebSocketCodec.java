package dev.junctionmq.mqtt.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.List;

/**
 * MQTT over WebSocket (MQTT 3.1.1 §6, MQTT 5.0 §6): MQTT packets travel in binary WebSocket frames, and one frame
 * may hold part of a packet or several packets. Inbound, the payload of every binary and continuation frame goes on
 * as a byte stream to the MQTT decoder; outbound, each encoded packet becomes one binary frame. A text frame is a
 * protocol error [MQTT-6.0.0-1]: the connection is closed.
 */
public final class MqttWebSocketCodec extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf encoded, List<Object> out) {
        out.add(new BinaryWebSocketFrame(encoded.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            ctx.close(); // [MQTT-6.0.0-1]: MQTT data is sent in binary frames only
        }
    }
}
