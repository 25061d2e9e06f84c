package dev.junctionmq.broker.store;

/** When an append counts as done. */
public enum FlushMode {
    /**
     * Acknowledged once the record is in the memory-mapped commit log (it survives a process crash); forced to
     * disk every flush interval, so an operating-system crash or power loss can take back up to one interval.
     */
    ASYNC_FLUSH,
    /**
     * Acknowledged only after the record's bytes are forced to disk. Concurrent appends share one force
     * (group commit), and nothing is dispatched to consumers beyond the forced offset.
     */
    SYNC_FLUSH
}
