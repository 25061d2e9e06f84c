package dev.junctionmq.broker.engine.delivery;

import java.util.Set;

/**
 * What a consumer group has still to consume in one queue: everything from {@code nextOffset} on, and before it,
 * from {@code committed}, only the delivered messages not yet acknowledged (the engine acknowledges single
 * messages, so offsets between them may already be acknowledged).
 *
 * @param committed      the group's committed offset: the oldest offset it may still need
 * @param nextOffset     where the group reads next; at least {@code committed}
 * @param unacknowledged offsets in {@code [committed, nextOffset)} delivered and not yet acknowledged
 */
record BrowseView(long committed, long nextOffset, Set<Long> unacknowledged) {

    /** From a committed offset alone (a group without live cursor): everything from there on is still to come. */
    static BrowseView from(long committed) {
        return new BrowseView(committed, committed, Set.of());
    }

    /** Whether the message at {@code offset} (at least {@link #committed}) is still for the group to consume. */
    boolean pending(long offset) {
        return offset >= nextOffset || unacknowledged.contains(offset);
    }
}
