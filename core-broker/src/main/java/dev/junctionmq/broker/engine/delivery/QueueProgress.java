package dev.junctionmq.broker.engine.delivery;

import java.util.Set;

/**
 * Where a consumer group stands in one queue: everything from {@code nextOffset} on is still to be consumed, and
 * before it, from {@code committed}, only the delivered messages not yet acknowledged (the engine acknowledges single
 * messages, so offsets between them may already be acknowledged). What a queue browser shows, and what a durable
 * group resumes from when a member joins again after its last one left (while the broker runs).
 *
 * @param committed      the group's committed offset: the oldest offset it may still need
 * @param nextOffset     where the group reads next; at least {@code committed}
 * @param unacknowledged offsets in {@code [committed, nextOffset)} delivered and not yet acknowledged
 */
record QueueProgress(long committed, long nextOffset, Set<Long> unacknowledged) {

    QueueProgress {
        unacknowledged = Set.copyOf(unacknowledged); // handed between threads: immutable
    }

    /** From a committed offset alone: everything from there on is still to come. */
    static QueueProgress from(long committed) {
        return new QueueProgress(committed, committed, Set.of());
    }

    /** Whether the message at {@code offset} (at least {@link #committed}) is still for the group to consume. */
    boolean pending(long offset) {
        return offset >= nextOffset || unacknowledged.contains(offset);
    }
}
