package dev.junctionmq.remoting;

import io.netty.handler.codec.CorruptedFrameException;

/** A frame whose header cannot be read. The connection that sent it cannot be trusted to stay in sync. */
public final class MalformedFrameException extends CorruptedFrameException {

    public MalformedFrameException(String message) {
        super(message);
    }

    public MalformedFrameException(String message, Throwable cause) {
        super(message, cause);
    }
}
