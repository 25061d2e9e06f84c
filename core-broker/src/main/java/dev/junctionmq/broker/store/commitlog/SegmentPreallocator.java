package dev.junctionmq.broker.store.commitlog;

import dev.junctionmq.broker.store.StoreThread;
import dev.junctionmq.broker.store.file.MappedSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Prepares the commit log a few megabytes ahead of its writer. Under {@code SYNC_FLUSH} it writes zeros and forces
 * them, so that the blocks a record lands on are already allocated on disk: a force then only writes data (on ext4,
 * and most file systems, forcing a write into a hole must also commit the block allocation to the journal, which
 * measured here made each {@code fdatasync} about 1.4 times slower). Under {@code ASYNC_FLUSH}, where records are
 * written through the mapping, it touches each page ahead, so the page faults happen here rather than in the
 * writer while it holds the append lock. RocketMQ warms its mapped files for the same reasons.
 *
 * <p>The region being zeroed is claimed from the {@link CommitLog} under its append lock, and the writer waits
 * rather than write into a claimed region (it only gets there if it outruns this thread); a region the writer has
 * passed is never zeroed.
 */
final class SegmentPreallocator extends StoreThread {

    private static final Logger log = LoggerFactory.getLogger(SegmentPreallocator.class);

    /** One claim: zero and force this much at a time. */
    static final int CHUNK = 1024 * 1024;
    /**
     * How much to keep prepared beyond the reach of the next append (one largest record past the writer); the writer
     * wakes this thread when less than half of it is left.
     */
    static final int AHEAD = 8 * CHUNK;
    private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final int PAGE = 4096;

    private final CommitLog commitLog;
    /** Under SYNC_FLUSH: write zeros with file writes and force them; else touch the mapping's pages. */
    private final boolean throughFile;
    private final ByteBuffer zeros;

    SegmentPreallocator(CommitLog commitLog, boolean throughFile) {
        super("junction-store-preallocate");
        this.commitLog = commitLog;
        this.throughFile = throughFile;
        this.zeros = throughFile ? ByteBuffer.allocateDirect(CHUNK) : null;
    }

    @Override
    public void run() {
        while (isRunning()) {
            CommitLog.PreallocationClaim claim = commitLog.claimForPreallocation(AHEAD, CHUNK);
            if (claim == null) {
                // The writer calls wakeUp() on every append while it is within half the look-ahead of the
                // prepared end, so a wake-up sent just before this park is repeated by its next append.
                parkUnless(() -> false, IDLE_PARK_NANOS);
                continue;
            }
            try {
                zero(claim.segment(), claim.position(), claim.length());
            } catch (RuntimeException e) {
                // Only a cost: the writer then writes into holes, as without this thread.
                log.warn("could not pre-allocate {} bytes of {} at {}; the commit log goes on without it",
                        claim.length(), claim.segment(), claim.position(), e);
                return;
            } finally {
                commitLog.preallocated(claim);
            }
        }
    }

    private void zero(MappedSegment segment, int position, int length) {
        if (throughFile) {
            zeros.clear().limit(length);
            segment.write(position, zeros);
            segment.forceWrites();
            return;
        }
        // A write per page makes the kernel allocate and map it now, on this thread, instead of in a page fault
        // taken by the writer while it holds the append lock.
        ByteBuffer mapped = segment.buffer();
        for (int page = position; page < position + length; page += PAGE) {
            mapped.put(page, (byte) 0);
        }
    }
}
