package dev.junctionmq.amqp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Checks the inbound byte stream before Proton-J buffers any of it: the protocol headers (AMQP 1.0 part 2, 2.2:
 * {@code AMQP 3 1 0 0} for SASL, then {@code AMQP 0 1 0 0}) and each frame's declared size (part 2, 2.3.1: at least
 * 8 bytes, at most the negotiated max-frame-size; SASL frames at most {@code maxSaslFrameSize}, part 5, 5.3.1).
 * Bytes pass through unchanged; nothing is held but the few header or size bytes split across reads. A violation
 * is raised as an {@link AmqpFramingException} right after the bytes before it, so the connection handler can
 * answer it (a protocol header or a framing-error close) instead of letting Proton read on (see ANCHORS.md: Artemis
 * spun inside Proton-J's SASL parser on garbage).
 */
public final class AmqpFrameGuard extends ChannelInboundHandlerAdapter {

    private static final byte[] MAGIC = {'A', 'M', 'Q', 'P'};
    private static final int SASL = 3;
    private static final int AMQP = 0;

    private final int maxFrameSize;
    private final int maxSaslFrameSize;
    private final boolean saslRequired;

    /** Bytes of the current header (8) or frame size (4) read so far. */
    private final byte[] pending = new byte[8];
    private int pendingLength;
    private boolean expectingHeader = true;
    private boolean inSasl;
    private boolean saslDone;
    /** Bytes of the current frame's body still to pass. */
    private long frameRemaining;
    private boolean failed;

    public AmqpFrameGuard(int maxFrameSize, int maxSaslFrameSize, boolean saslRequired) {
        this.maxFrameSize = maxFrameSize;
        this.maxSaslFrameSize = maxSaslFrameSize;
        this.saslRequired = saslRequired;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (failed) {
            buf.release();
            return;
        }
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        int index = start;
        String violation = null;
        boolean header = false;
        while (index < end && violation == null) {
            if (frameRemaining > 0) {
                int skip = (int) Math.min(frameRemaining, end - index);
                frameRemaining -= skip;
                index += skip;
                continue;
            }
            pending[pendingLength++] = buf.getByte(index++);
            if (expectingHeader) {
                if (pendingLength <= 4 && pending[pendingLength - 1] != MAGIC[pendingLength - 1]) {
                    violation = "not an AMQP protocol header";
                    header = true;
                } else if (pendingLength == 8) {
                    violation = acceptHeader();
                    header = violation != null;
                }
            } else if (pendingLength == 4) {
                if (inSasl && !saslDone && startsWithMagic()) {
                    expectingHeader = true; // the AMQP header after the SASL outcome (part 5, 5.3.2)
                    continue;
                }
                long size = ((pending[0] & 0xFFL) << 24) | ((pending[1] & 0xFFL) << 16) | ((pending[2] & 0xFFL) << 8)
                        | (pending[3] & 0xFFL);
                int limit = inSasl && !saslDone ? maxSaslFrameSize : maxFrameSize;
                if (size < 8) {
                    violation = "frame size " + size + " is below the minimum of 8 bytes";
                } else if (size > limit) {
                    violation = "frame size " + size + " exceeds the maximum frame size of " + limit + " bytes";
                } else {
                    frameRemaining = size - 4;
                    pendingLength = 0;
                }
            }
        }
        if (violation == null) {
            ctx.fireChannelRead(buf);
            return;
        }
        failed = true;
        int passed = index - start - pendingLength;
        if (passed > 0) {
            ctx.fireChannelRead(buf.retainedSlice(start, passed));
        }
        buf.release();
        ctx.fireExceptionCaught(new AmqpFramingException(violation, header));
    }

    private boolean startsWithMagic() {
        for (int i = 0; i < 4; i++) {
            if (pending[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** AMQP 1.0 part 2, 2.2 (version negotiation) and part 5, 5.3.2 (SASL negotiation first). */
    private String acceptHeader() {
        int protocolId = pending[4];
        boolean version10 = pending[5] == 1 && pending[6] == 0 && pending[7] == 0;
        pendingLength = 0;
        expectingHeader = false;
        if (!version10) {
            return "unsupported AMQP version " + pending[5] + "." + pending[6] + "." + pending[7];
        }
        if (protocolId == SASL && !inSasl) {
            inSasl = true;
            return null;
        }
        if (protocolId == AMQP && (inSasl || !saslRequired)) {
            saslDone = true;
            return null;
        }
        return protocolId == AMQP ? "SASL authentication is required: send the SASL header AMQP 3 1 0 0 first"
                : "unexpected protocol id " + protocolId + " in the AMQP header";
    }
}
