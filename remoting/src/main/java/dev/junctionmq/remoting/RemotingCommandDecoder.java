package dev.junctionmq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;

/**
 * Frames the byte stream on the int32 length prefix and decodes each frame into a {@link RemotingCommand}.
 *
 * <p>A length above the maximum is rejected as soon as the length field arrives, before any of the frame is buffered
 * ({@link io.netty.handler.codec.TooLongFrameException}); a frame that cannot be decoded raises
 * {@link MalformedFrameException}. Both reach {@code exceptionCaught} of the next handler, which should close the
 * connection: after either, the stream cannot be trusted to be in sync. Not sharable (it buffers per channel).
 */
public final class RemotingCommandDecoder extends LengthFieldBasedFrameDecoder {

    /** RocketMQ's default {@code com.rocketmq.remoting.frameMaxLength}: 16 MiB, the length field included. */
    public static final int DEFAULT_MAX_FRAME_LENGTH = 16 * 1024 * 1024;

    public RemotingCommandDecoder() {
        this(DEFAULT_MAX_FRAME_LENGTH);
    }

    /** @param maxFrameLength the largest frame accepted, counting the 4-byte length field */
    public RemotingCommandDecoder(int maxFrameLength) {
        super(maxFrameLength, 0, 4, 0, 4, true);
    }

    @Override
    protected Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
        ByteBuf frame = (ByteBuf) super.decode(ctx, in);
        if (frame == null) {
            return null;
        }
        try {
            return RemotingFrames.decode(frame);
        } finally {
            frame.release();
        }
    }
}
