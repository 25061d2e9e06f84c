package dev.junctionmq.remoting;

import io.netty.buffer.ByteBuf;

/** Turns commands into frames and frames into commands (the layout is in the package documentation). */
public final class RemotingFrames {

    /** Largest header the 24-bit header length can announce. */
    static final int MAX_HEADER_LENGTH = 0xFF_FFFF;

    private RemotingFrames() {
    }

    /** Writes the whole frame, length field included, in the command's serialize type. */
    public static void encode(RemotingCommand command, ByteBuf out) {
        byte[] header = HeaderCodec.of(command.serializeType()).encode(command);
        if (header.length > MAX_HEADER_LENGTH) {
            throw new IllegalArgumentException("header of " + header.length + " bytes exceeds the 24-bit limit");
        }
        byte[] body = command.body();
        out.writeInt(4 + header.length + body.length);
        out.writeInt(command.serializeType().code() << 24 | header.length);
        out.writeBytes(header);
        out.writeBytes(body);
    }

    /**
     * Reads one frame whose length field has already been stripped: serialize type and header length, header, body.
     *
     * @throws MalformedFrameException when the frame cannot be read
     */
    public static RemotingCommand decode(ByteBuf frame) {
        if (frame.readableBytes() < 4) {
            throw new MalformedFrameException("frame of " + frame.readableBytes() + " bytes has no header length");
        }
        int typeAndLength = frame.readInt();
        SerializeType type = SerializeType.ofCode(typeAndLength >>> 24);
        if (type == null) {
            throw new MalformedFrameException("unknown serialize type " + (typeAndLength >>> 24));
        }
        int headerLength = typeAndLength & MAX_HEADER_LENGTH;
        if (headerLength > frame.readableBytes()) {
            throw new MalformedFrameException("header length " + headerLength + " exceeds the "
                    + frame.readableBytes() + " bytes left in the frame");
        }
        byte[] header = new byte[headerLength];
        frame.readBytes(header);
        byte[] body = new byte[frame.readableBytes()];
        frame.readBytes(body);
        return HeaderCodec.of(type).decode(header).serializeType(type).body(body).build();
    }
}
