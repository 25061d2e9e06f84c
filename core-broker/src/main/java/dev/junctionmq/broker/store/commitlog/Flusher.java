package dev.junctionmq.broker.store.commitlog;

import java.util.List;

/** Forces written records to disk and decides when an append is acknowledged. */
interface Flusher {

    void start();

    /** Called by the writer thread with the requests it has just written, in commit-log order. */
    void written(List<AppendRequest> requests);

    /** Completes everything handed over so far and ends the flusher thread. */
    void stop();
}
