package dev.junctionmq.stomp.session;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One SUBSCRIBE of a connection: its subscriber, the deliveries written but not yet acknowledged (in delivery
 * order, for cumulative ACK), and its credit. The prefetch bounds what the subscription holds: in client modes the
 * unacknowledged messages, in auto mode the messages not yet written. Credit that falls due while the channel is
 * not writable is kept back until it is. Used on the connection's event loop only.
 */
final class StompSubscription {

    final String id;
    final String destination;
    final AckMode ackMode;
    final int prefetch;
    Subscriber subscriber;
    private final Map<String, Delivery> unacknowledged = new LinkedHashMap<>();
    private int owedCredit;

    StompSubscription(String id, String destination, AckMode ackMode, int prefetch) {
        this.id = id;
        this.destination = destination;
        this.ackMode = ackMode;
        this.prefetch = prefetch;
    }

    void track(String ackId, Delivery delivery) {
        unacknowledged.put(ackId, delivery);
    }

    boolean holds(String ackId) {
        return unacknowledged.containsKey(ackId);
    }

    /** STOMP 1.0/1.1 acknowledge by {@code message-id}: the ack id of the oldest delivery of that message. */
    String ackIdOfMessage(String messageId) {
        for (Map.Entry<String, Delivery> entry : unacknowledged.entrySet()) {
            if (entry.getValue().message().messageId().equals(messageId)) {
                return entry.getKey();
            }
        }
        return null;
    }

    /**
     * Removes and returns the delivery of {@code ackId}, and with {@code cumulative} every earlier one too, by ack
     * id in delivery order. Costs what it takes, not what the subscription holds: one ACK per message stays O(1).
     */
    Map<String, Delivery> take(String ackId, boolean cumulative) {
        if (!cumulative) {
            Delivery delivery = unacknowledged.remove(ackId);
            return delivery == null ? Map.of() : Map.of(ackId, delivery);
        }
        Map<String, Delivery> taken = new LinkedHashMap<>();
        Iterator<Map.Entry<String, Delivery>> it = unacknowledged.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Delivery> entry = it.next();
            taken.put(entry.getKey(), entry.getValue());
            it.remove();
            if (entry.getKey().equals(ackId)) {
                break;
            }
        }
        return taken;
    }

    Iterable<String> ackIds() {
        return unacknowledged.keySet();
    }

    /** {@code messages} left the window: grant them again now, or once the channel is writable. */
    void replenish(int messages, boolean writable) {
        owedCredit += messages;
        if (writable) {
            grantOwed();
        }
    }

    void grantOwed() {
        if (owedCredit > 0 && !subscriber.isClosed()) {
            subscriber.grantCredit(owedCredit);
        }
        owedCredit = 0;
    }
}
