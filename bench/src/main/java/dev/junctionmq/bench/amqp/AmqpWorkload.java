package dev.junctionmq.bench.amqp;

import java.time.Duration;

/**
 * One cell of the AMQP comparison: {@code clients} Qpid JMS producers, each on its own connection, send persistent
 * BytesMessages of {@code bodySize} bytes to one queue while {@code clients} consumers, each on its own connection,
 * receive them with a MessageListener (AUTO_ACKNOWLEDGE, Qpid JMS's default prefetch). First {@code warmup} messages
 * are sent and received unmeasured, then {@code messages} measured ones (both split evenly over the producers).
 *
 * @param asyncSends  false: Qpid JMS's default for a persistent send outside a transaction, which waits for the
 *                    broker's disposition (the message is on disk); true: {@code jms.forceAsyncSend=true}, which
 *                    sends without waiting (only link credit bounds what is in flight)
 * @param idleTimeout how long a run may see no progress before it fails
 */
public record AmqpWorkload(int clients, boolean asyncSends, int messages, int warmup, int bodySize,
                           Duration idleTimeout) {

    public AmqpWorkload {
        if (clients < 1 || messages < clients || warmup < 0 || bodySize < 0) {
            throw new IllegalArgumentException("clients at least 1, messages at least clients, warm-up and size at "
                    + "least 0");
        }
    }

    /** Measured messages each producer sends (the remainder of an uneven split is not sent). */
    int measuredPerProducer() {
        return messages / clients;
    }

    int warmupPerProducer() {
        return warmup / clients;
    }

    int measuredTotal() {
        return measuredPerProducer() * clients;
    }

    String sendMode() {
        return asyncSends ? "async" : "sync";
    }

    /** "1x1 sync", "4x4 async": producers x consumers and the send mode. */
    String describe() {
        return clients + "x" + clients + " " + sendMode();
    }
}
