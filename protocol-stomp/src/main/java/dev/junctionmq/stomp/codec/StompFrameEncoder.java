package dev.junctionmq.stomp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes {@link StompFrame}s, escaping header names and values for the negotiated version (never in CONNECTED,
 * STOMP 1.2 "Value Encoding") and adding {@code content-length} to every frame with a body, so bodies may hold
 * NUL bytes.
 */
public final class StompFrameEncoder extends MessageToByteEncoder<StompFrame> {

    private StompVersion version = StompVersion.V1_0;

    public StompFrameEncoder() {
        super(StompFrame.class);
    }

    public void version(StompVersion negotiated) {
        this.version = negotiated;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, StompFrame frame, ByteBuf out) {
        boolean escaping = StompFrame.escapesHeaders(frame.command());
        out.writeCharSequence(frame.command(), StandardCharsets.UTF_8);
        out.writeByte('\n');
        for (Map.Entry<String, String> header : frame.headers().entrySet()) {
            out.writeCharSequence(HeaderEscaping.escape(header.getKey(), version, escaping, true),
                    StandardCharsets.UTF_8);
            out.writeByte(':');
            out.writeCharSequence(HeaderEscaping.escape(header.getValue(), version, escaping, false),
                    StandardCharsets.UTF_8);
            out.writeByte('\n');
        }
        byte[] body = frame.body();
        if (body.length > 0 && !frame.headers().containsKey("content-length")) {
            out.writeCharSequence("content-length:" + body.length + "\n", StandardCharsets.UTF_8);
        }
        out.writeByte('\n');
        out.writeBytes(body);
        out.writeByte(0);
    }
}
