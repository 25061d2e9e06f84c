package dev.junctionmq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Encodes {@link RemotingCommand}s into frames. Stateless: share {@link #INSTANCE} between channels. */
@ChannelHandler.Sharable
public final class RemotingCommandEncoder extends MessageToByteEncoder<RemotingCommand> {

    public static final RemotingCommandEncoder INSTANCE = new RemotingCommandEncoder();

    private RemotingCommandEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, RemotingCommand command, ByteBuf out) {
        RemotingFrames.encode(command, out);
    }
}
