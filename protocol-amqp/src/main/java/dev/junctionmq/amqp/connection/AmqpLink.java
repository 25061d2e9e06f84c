package dev.junctionmq.amqp.connection;

import org.apache.qpid.proton.engine.Delivery;

/** What the connection tells one of its links; everything runs on the connection's event loop. */
interface AmqpLink {

    /** The peer changed the link's credit or drain flag. */
    default void onFlow() {
    }

    /** A transfer arrived (receiving links) or the peer updated a delivery's state (sending links). */
    void onDelivery(Delivery delivery);

    /**
     * The link ends: the peer detached or closed it, or the connection went away.
     *
     * @param closed the peer closed it for good (detach with closed=true)
     */
    void onDetach(boolean closed);

    /** The channel became writable again. */
    default void onWritable() {
    }
}
