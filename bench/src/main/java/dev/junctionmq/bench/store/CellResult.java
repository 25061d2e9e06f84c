package dev.junctionmq.bench.store;

import dev.junctionmq.bench.Units;
import dev.junctionmq.broker.store.GroupCommitStats;

import java.util.List;

/**
 * What one cell measured.
 *
 * @param warmUpRecords      appends completed during warm-up
 * @param measuredRecords    appends completed inside the measurement window
 * @param tailRecords        appends completed after the window (at most one per producer)
 * @param perQueueRecords    all appends, by queue id (producer {@code i} writes queue {@code i})
 * @param recordSize         bytes one record takes in the commit log
 * @param measureNanos       length of the measurement window
 * @param durableNanos       from the window's start until {@code store.close()} (which forces the log) returned
 * @param closeNanos         how long {@code store.close()} took
 * @param p50Nanos           median append latency in the window
 * @param p99Nanos           99th percentile append latency in the window
 * @param cpuNanos           CPU time of the whole benchmark process (every thread, user and system) from opening
 *                           the store until it was closed, or -1 if the JVM cannot tell
 * @param groupCommit        the group forces of the cell (warm-up, window and tail; not the one {@code close()}
 *                           makes) and the appends they acknowledged; {@link GroupCommitStats#NONE} under ASYNC
 */
public record CellResult(StoreCell cell, long warmUpRecords, long measuredRecords, long tailRecords,
                         List<Long> perQueueRecords, int recordSize, long measureNanos, long durableNanos,
                         long closeNanos, long p50Nanos, long p99Nanos, long cpuNanos,
                         GroupCommitStats groupCommit) {

    public CellResult {
        perQueueRecords = List.copyOf(perQueueRecords);
    }

    public long totalRecords() {
        return warmUpRecords + measuredRecords + tailRecords;
    }

    public double recordsPerSecond() {
        return Units.perSecond(measuredRecords, measureNanos);
    }

    /** Body bytes appended per second in the window, in MB/s. */
    public double megabytesPerSecond() {
        return Units.perSecond((double) measuredRecords * cell.bodySize(), measureNanos) / Units.MB;
    }

    /**
     * Body bytes per second counting until they were forced to disk: the window's and tail's bytes over the time
     * from the window's start until {@code close()} had forced the log.
     */
    public double durableMegabytesPerSecond() {
        return Units.perSecond((double) (measuredRecords + tailRecords) * cell.bodySize(), durableNanos) / Units.MB;
    }

    /**
     * Process CPU per append, in microseconds, over the whole cell (warm-up, window, tail and close); NaN if unknown.
     * Kernel threads that write the page cache back are not part of the process and not counted.
     */
    public double cpuMicrosPerRecord() {
        return cpuNanos < 0 || totalRecords() == 0 ? Double.NaN : cpuNanos / 1e3 / totalRecords();
    }

    /** Bytes the cell put into the commit log (records, not only bodies). */
    public long commitLogBytes() {
        return totalRecords() * recordSize;
    }
}
