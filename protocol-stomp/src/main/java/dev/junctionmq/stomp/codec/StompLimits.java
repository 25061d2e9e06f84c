package dev.junctionmq.stomp.codec;

/**
 * What one frame may hold; the decoder checks each limit before it buffers more than the limit allows.
 *
 * @param maxHeaderLineLength longest command or header line, in bytes, without its end of line
 * @param maxHeaders          most header lines in one frame (repeated headers count)
 * @param maxHeaderBytes      all of a frame's header lines together, in bytes
 * @param maxBodyLength       largest body: the broker's maximum message size
 */
public record StompLimits(int maxHeaderLineLength, int maxHeaders, int maxHeaderBytes, int maxBodyLength) {

    public StompLimits {
        if (maxHeaderLineLength <= 0 || maxHeaders <= 0 || maxHeaderBytes <= 0 || maxBodyLength < 0) {
            throw new IllegalArgumentException("STOMP frame limits must be positive: " + maxHeaderLineLength + ", "
                    + maxHeaders + ", " + maxHeaderBytes + ", " + maxBodyLength);
        }
    }
}
