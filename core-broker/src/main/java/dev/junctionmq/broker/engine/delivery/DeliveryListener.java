package dev.junctionmq.broker.engine.delivery;

/**
 * Receives a subscriber's messages. Called on an engine delivery thread, one message per unit of credit: hand the
 * message to the connection's own thread (for Netty, its event loop) and return; never block here.
 */
@FunctionalInterface
public interface DeliveryListener {

    void onDelivery(Delivery delivery);
}
