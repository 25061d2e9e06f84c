package dev.junctionmq.broker.store;

/**
 * How well {@code SYNC_FLUSH} group commit groups: the forces its flusher made and the appends those forces
 * acknowledged, counted since the store opened. With {@code n} producers that each wait for their acknowledgement,
 * {@link #appendsPerForce()} can reach at most {@code n}; near 1 means every append paid for its own {@code fsync}.
 * Both are zero under {@code ASYNC_FLUSH}, which acknowledges without forcing.
 *
 * @param forces  group forces that succeeded
 * @param appends appends those forces acknowledged
 */
public record GroupCommitStats(long forces, long appends) {

    public static final GroupCommitStats NONE = new GroupCommitStats(0, 0);

    /** Mean group size, or NaN before the first force. */
    public double appendsPerForce() {
        return forces == 0 ? Double.NaN : (double) appends / forces;
    }
}
