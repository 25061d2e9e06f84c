package dev.junctionmq.remoting;

/** Serializes the header part of a command (everything but the body) in one {@link SerializeType}. */
interface HeaderCodec {

    byte[] encode(RemotingCommand command);

    /**
     * Reads a header into a builder; the caller adds body and serialize type.
     *
     * @throws MalformedFrameException when the bytes are not a header of this type
     */
    RemotingCommand.Builder decode(byte[] header);

    static HeaderCodec of(SerializeType type) {
        return switch (type) {
            case JSON -> JsonHeaderCodec.INSTANCE;
            case ROCKETMQ -> RocketMqHeaderCodec.INSTANCE;
        };
    }
}
