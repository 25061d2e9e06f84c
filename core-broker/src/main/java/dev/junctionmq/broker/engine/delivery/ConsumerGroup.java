package dev.junctionmq.broker.engine.delivery;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A consumer group as the broker sees it: its members, and a cursor per queue it reads — the queues of each
 * subscribed topic plus its retry queue. Membership changes re-balance the queues: each queue has one member, and
 * members get contiguous, nearly equal shares of each topic's queues (RocketMQ's "allocate averagely"), so every
 * member computes the same answer.
 */
final class ConsumerGroup {

    private final String name;
    private final SubscriptionSpec firstSpec;
    private final GroupFilters filters;
    private final List<Subscriber> members = new ArrayList<>();
    /** The members, rebuilt on change, so cursors can walk them without a lock. */
    private volatile List<Subscriber> memberSnapshot = List.of();
    /** See {@link #routesByMemberFilters()}; recomputed on every membership change. */
    private volatile boolean routesByMemberFilters;
    /** Cursors per subscribed topic, in queue-id order. */
    private final Map<String, List<QueueCursor>> topicCursors = new ConcurrentHashMap<>();
    private QueueCursor retryCursor;
    /** Every cursor of the group, rebuilt on change, so credit grants can walk it without a lock. */
    private volatile List<QueueCursor> cursorSnapshot = List.of();

    ConsumerGroup(String name, SubscriptionSpec firstSpec, GroupFilters filters) {
        this.name = name;
        this.firstSpec = firstSpec;
        this.filters = filters;
    }

    GroupFilters filters() {
        return filters;
    }

    /** The members: an immutable snapshot, safe to walk from any thread. */
    List<Subscriber> members() {
        return memberSnapshot;
    }

    /** Whether messages go to members by their own filters, and some member has one (see {@link QueueCursor}). */
    boolean routesByMemberFilters() {
        return routesByMemberFilters;
    }

    private void membersChanged() {
        memberSnapshot = List.copyOf(members);
        routesByMemberFilters = filters == GroupFilters.PER_MEMBER
                && members.stream().anyMatch(member -> !member.spec().filter().matchesAll());
    }

    String name() {
        return name;
    }

    boolean orderly() {
        return firstSpec.orderly();
    }

    boolean durable() {
        return firstSpec.durable();
    }

    StartPosition startPosition() {
        return firstSpec.startPosition();
    }

    long startTimestamp() {
        return firstSpec.startTimestamp();
    }

    synchronized boolean hasTopic(String topic) {
        return topicCursors.containsKey(topic);
    }

    synchronized void addTopic(String topic, List<QueueCursor> cursors) {
        topicCursors.put(topic, cursors);
        refreshSnapshot();
    }

    synchronized void setRetryCursor(QueueCursor cursor) {
        this.retryCursor = cursor;
        refreshSnapshot();
    }

    synchronized QueueCursor retryCursor() {
        return retryCursor;
    }

    /** Every cursor of the group: an immutable snapshot, safe to walk from any thread. */
    List<QueueCursor> allCursors() {
        return cursorSnapshot;
    }

    private void refreshSnapshot() {
        List<QueueCursor> all = new ArrayList<>();
        topicCursors.values().forEach(all::addAll);
        if (retryCursor != null) {
            all.add(retryCursor);
        }
        cursorSnapshot = List.copyOf(all);
    }

    synchronized List<QueueCursor> cursorsOf(String topic) {
        return topicCursors.getOrDefault(topic, List.of());
    }

    synchronized void join(Subscriber subscriber) {
        members.add(subscriber);
        membersChanged();
        rebalance();
    }

    /** @return true if the group has no members left */
    synchronized boolean leave(Subscriber subscriber) {
        members.remove(subscriber);
        membersChanged();
        rebalance();
        return members.isEmpty();
    }

    synchronized int memberCount() {
        return members.size();
    }

    private void rebalance() {
        List<Subscriber> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(s -> s.spec().memberId()));
        for (Map.Entry<String, List<QueueCursor>> entry : topicCursors.entrySet()) {
            List<Subscriber> subscribed = sorted.stream().filter(s -> s.spec().topic().equals(entry.getKey())).toList();
            allocate(entry.getValue(), subscribed);
        }
        if (retryCursor != null) {
            allocate(List.of(retryCursor), sorted);
        }
    }

    /** Contiguous blocks; the first {@code queues % members} members get one queue more. */
    static void allocate(List<QueueCursor> queues, List<Subscriber> subscribers) {
        if (subscribers.isEmpty()) {
            queues.forEach(q -> q.assign(null));
            return;
        }
        int members = subscribers.size();
        int index = 0;
        for (int m = 0; m < members; m++) {
            int share = queues.size() / members + (m < queues.size() % members ? 1 : 0);
            for (int i = 0; i < share; i++) {
                QueueCursor cursor = queues.get(index++);
                if (cursor.assignee() != subscribers.get(m)) {
                    cursor.assign(subscribers.get(m));
                }
            }
        }
    }
}
