package dev.junctionmq.it.stomp;

import java.time.Duration;

/**
 * The Java side of a cross-client test, in JMS terms (topic and queue names without any protocol prefix); the
 * browser test runs it on Qpid JMS ({@link QpidJmsPeer}).
 */
interface JavaMessagingPeer extends AutoCloseable {

    /** Starts receiving from queue {@code queue}; returns once the broker has confirmed the subscription. */
    void listenOnQueue(String queue);

    /** Sends {@code body} to topic {@code topic}; returns once the broker has confirmed the send. */
    void publishToTopic(String topic, byte[] body);

    /** The body of the next message from the queue given to {@link #listenOnQueue}, or null after {@code timeout}. */
    byte[] nextFromQueue(Duration timeout) throws InterruptedException;

    @Override
    void close();
}
