package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;

/**
 * A subscription of a connected session and where its messages come from: a consumer group of its own on the
 * filter's core topic, or a share in a {@link SharedSubscriptions.Group} (MQTT 5 shared subscription). Used on the
 * connection's event loop.
 */
final class Active {

    final Subscribed subscribed;
    /** Set for a subscription of its own. */
    Subscriber subscriber;
    /** Set for a shared subscription. */
    SharedSubscriptions.Member member;
    /** Credit earned back by finished deliveries and not yet granted: granted in batches, not one by one. */
    private int owedCredit;
    private int creditBatch = 1;

    Active(Subscribed subscribed) {
        this.subscribed = subscribed;
    }

    boolean isClosed() {
        return subscriber != null ? subscriber.isClosed() : member.isClosed();
    }

    /** The message reached the client: it is not delivered again, and one more may come. */
    void done(Delivery delivery) {
        if (subscriber != null) {
            if (!subscriber.isClosed()) {
                subscriber.ack(delivery);
                // a quarter of the window at a time: fewer wake-ups of the engine's cursor, and never a stall,
                // since three quarters of the window stay granted or in flight
                if (++owedCredit >= creditBatch) {
                    subscriber.grantCredit(owedCredit);
                    owedCredit = 0;
                }
            }
        } else {
            member.done(delivery);
        }
    }

    /** Not delivered (the connection is closing): the group delivers it again. */
    void giveBack(Delivery delivery) {
        if (subscriber != null) {
            if (!subscriber.isClosed()) {
                subscriber.release(delivery);
            }
        } else {
            member.giveBack(delivery);
        }
    }

    void grantInitialCredit(int window) {
        if (subscriber != null) {
            creditBatch = Math.max(1, window / 4);
            subscriber.grantCredit(window);
        } else {
            member.grantInitialCredit(window);
        }
    }

    void close() {
        if (subscriber != null) {
            subscriber.close();
        } else {
            member.close();
        }
    }
}
