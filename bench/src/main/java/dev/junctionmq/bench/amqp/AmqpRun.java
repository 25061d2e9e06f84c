package dev.junctionmq.bench.amqp;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import org.apache.qpid.jms.JmsConnectionFactory;

import java.net.InetSocketAddress;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** One cell: a Qpid JMS producer and consumer on one queue, every message numbered and counted on arrival. */
final class AmqpRun {

    record Result(long sendRate, long endToEndRate, int received, int lost, int duplicates, int outOfOrder) {
    }

    private final InetSocketAddress address;
    private final boolean asyncSends;
    private final int messages;
    private final int size;
    private final boolean sequential;

    /** @param sequential send everything first, then start the consumer (separates the two rates) */
    AmqpRun(InetSocketAddress address, boolean asyncSends, int messages, int size, boolean sequential) {
        this.address = address;
        this.asyncSends = asyncSends;
        this.messages = messages;
        this.size = size;
        this.sequential = sequential;
    }

    Result run() throws JMSException, InterruptedException {
        String uri = "amqp://" + address.getHostString() + ":" + address.getPort()
                + "?jms.forceAsyncSend=" + asyncSends + "&jms.forceSyncSend=" + !asyncSends;
        JmsConnectionFactory factory = new JmsConnectionFactory(uri);
        BitSet seen = new BitSet(messages);
        AtomicInteger received = new AtomicInteger();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicLong lastArrival = new AtomicLong();
        CountDownLatch all = new CountDownLatch(messages);
        Connection consumerConnection = factory.createConnection();
        Connection producerConnection = factory.createConnection();
        try {
            Session consumerSession = consumerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = consumerSession.createQueue("bench-amqp");
            MessageConsumer consumer = consumerSession.createConsumer(queue);
            int[] previous = {-1};
            consumer.setMessageListener(message -> {
                int index = index(message);
                synchronized (seen) {
                    if (seen.get(index)) {
                        duplicates.incrementAndGet();
                        return;
                    }
                    seen.set(index);
                    if (index < previous[0]) {
                        outOfOrder.incrementAndGet();
                    }
                    previous[0] = index;
                }
                received.incrementAndGet();
                lastArrival.set(System.nanoTime());
                all.countDown();
            });
            if (!sequential) {
                consumerConnection.start();
            }
            Session session = producerConnection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            byte[] body = new byte[size];
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                message.setIntProperty("index", i);
                producer.send(message);
            }
            long sent = System.nanoTime();
            long consumeStart = start;
            if (sequential) {
                consumeStart = System.nanoTime();
                consumerConnection.start();
            }
            all.await(120, TimeUnit.SECONDS);
            long end = Math.max(lastArrival.get(), sent);
            synchronized (seen) {
                int lost = messages - seen.cardinality();
                return new Result(rate(messages, sent - start), rate(received.get(), end - consumeStart), received.get(),
                        lost, duplicates.get(), outOfOrder.get());
            }
        } finally {
            producerConnection.close();
            consumerConnection.close();
        }
    }

    private static int index(Message message) {
        try {
            return message.getIntProperty("index");
        } catch (JMSException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long rate(int count, long nanos) {
        return nanos <= 0 ? 0 : count * 1_000_000_000L / nanos;
    }
}
