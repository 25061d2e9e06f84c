package dev.junctionmq.bench.amqp;

import dev.junctionmq.bench.LatencyHistogram;
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
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs an {@link AmqpWorkload} against any AMQP 1.0 broker with Apache Qpid JMS, the way JMS applications use it:
 * producers and consumers on connections of their own, persistent messages, Qpid JMS's defaults for send mode,
 * prefetch and acknowledgement unless the workload says otherwise. Every message carries a sequence number and its
 * sender's {@code System.nanoTime()} (producers and consumers share this JVM), so each arrival is counted exactly and
 * its send → receive latency is known.
 */
public final class AmqpLoad {

    private static final String SEQUENCE = "benchSeq";
    private static final String SENT_NANOS = "benchSentNs";

    private AmqpLoad() {
    }

    public static AmqpLoadResult run(String broker, InetSocketAddress address, AmqpWorkload workload)
            throws JMSException, InterruptedException {
        String uri = "amqp://" + address.getHostString() + ":" + address.getPort()
                + (workload.asyncSends() ? "?jms.forceAsyncSend=true" : "");
        JmsConnectionFactory factory = new JmsConnectionFactory(uri);
        String queueName = "bench-amqp-" + UUID.randomUUID().toString().substring(0, 8);
        int warmupTotal = workload.warmupPerProducer() * workload.clients();
        Arrivals arrivals = new Arrivals(warmupTotal, workload.measuredTotal(), workload.bodySize());
        List<Connection> connections = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(workload.clients(), r -> {
            Thread t = new Thread(r, "amqp-bench-producer");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int i = 0; i < workload.clients(); i++) {
                Connection connection = factory.createConnection();
                connections.add(connection);
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageConsumer consumer = session.createConsumer(session.createQueue(queueName));
                consumer.setMessageListener(arrivals::arrived);
                connection.start();
            }
            List<Sender> producers = new ArrayList<>();
            for (int i = 0; i < workload.clients(); i++) {
                Connection connection = factory.createConnection();
                connections.add(connection);
                producers.add(new Sender(connection, queueName, workload.bodySize()));
            }
            String failure = phase(senders, producers, 0, workload.warmupPerProducer(), arrivals.warmup, arrivals,
                    workload);
            long firstSend = System.nanoTime();
            if (failure == null) {
                failure = phase(senders, producers, warmupTotal, workload.measuredPerProducer(), arrivals.measured,
                        arrivals, workload);
            }
            String asynchronous = arrivals.failure.get();
            return arrivals.result(broker, workload, firstSend, failure != null ? failure : asynchronous);
        } finally {
            senders.shutdownNow();
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (JMSException e) {
                    // the run's result is already decided; a failing close does not change it
                }
            }
        }
    }

    /**
     * Each producer sends {@code perProducer} messages numbered from {@code firstSequence} (producer p owns the
     * block p * perProducer ...), then waits until {@code done} counts them all; returns why it failed, or null.
     */
    private static String phase(ExecutorService senders, List<Sender> producers, int firstSequence, int perProducer,
                                CountDownLatch done, Arrivals arrivals, AmqpWorkload workload)
            throws InterruptedException {
        List<Future<?>> sends = new ArrayList<>();
        for (int p = 0; p < producers.size(); p++) {
            Sender sender = producers.get(p);
            int from = firstSequence + p * perProducer;
            sends.add(senders.submit(() -> {
                sender.send(from, perProducer);
                return null;
            }));
        }
        long lastCount = done.getCount();
        long lastProgress = System.nanoTime();
        while (!done.await(200, TimeUnit.MILLISECONDS)) {
            for (Future<?> send : sends) {
                if (send.isDone()) {
                    try {
                        send.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        return "sending failed: " + e.getCause();
                    }
                }
            }
            if (arrivals.failure.get() != null) {
                return arrivals.failure.get();
            }
            long count = done.getCount();
            if (count != lastCount) {
                lastCount = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > workload.idleTimeout().toNanos()) {
                return count + " messages still missing after " + workload.idleTimeout().toSeconds()
                        + " s without progress";
            }
        }
        return null;
    }

    /** One producer connection with its session and producer (persistent, as in JMS by default). */
    private static final class Sender {
        private final Session session;
        private final MessageProducer producer;
        private final byte[] body;

        Sender(Connection connection, String queueName, int bodySize) throws JMSException {
            session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = session.createQueue(queueName);
            producer = session.createProducer(queue);
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            body = new byte[bodySize];
            for (int i = 0; i < bodySize; i++) {
                body[i] = (byte) ('a' + i % 26);
            }
        }

        void send(int firstSequence, int count) throws JMSException {
            for (int seq = firstSequence; seq < firstSequence + count; seq++) {
                BytesMessage message = session.createBytesMessage();
                message.writeBytes(body);
                message.setIntProperty(SEQUENCE, seq);
                message.setLongProperty(SENT_NANOS, System.nanoTime());
                producer.send(message);
            }
        }
    }

    /** What the consumers have seen: every sequence number once, body sizes, latencies of the measured ones. */
    private static final class Arrivals {
        private final int warmupTotal;
        private final int bodySize;
        private final BitSet seen;
        private final LatencyHistogram latency = new LatencyHistogram();
        final CountDownLatch warmup;
        final CountDownLatch measured;
        final AtomicReference<String> failure = new AtomicReference<>();
        private long received;
        private long duplicates;
        private long lastArrival;

        Arrivals(int warmupTotal, int measuredTotal, int bodySize) {
            this.warmupTotal = warmupTotal;
            this.bodySize = bodySize;
            this.seen = new BitSet(warmupTotal + measuredTotal);
            this.warmup = new CountDownLatch(warmupTotal);
            this.measured = new CountDownLatch(measuredTotal);
        }

        void arrived(Message message) {
            long now = System.nanoTime();
            try {
                int seq = message.getIntProperty(SEQUENCE);
                long sent = message.getLongProperty(SENT_NANOS);
                long length = ((BytesMessage) message).getBodyLength();
                if (length != bodySize) {
                    failure.compareAndSet(null, "message " + seq + " has " + length + " body bytes, sent " + bodySize);
                    return;
                }
                synchronized (this) {
                    if (seen.get(seq)) {
                        duplicates++;
                        return;
                    }
                    seen.set(seq);
                    if (seq >= warmupTotal) {
                        received++;
                        lastArrival = now;
                        latency.record(now - sent);
                    }
                }
                (seq >= warmupTotal ? measured : warmup).countDown();
            } catch (JMSException | RuntimeException e) {
                failure.compareAndSet(null, "consumer failed: " + e);
            }
        }

        synchronized AmqpLoadResult result(String broker, AmqpWorkload workload, long firstSend, String failure) {
            long lost = workload.measuredTotal() - received;
            return new AmqpLoadResult(broker, workload, received, lost, duplicates,
                    Math.max(0, lastArrival - firstSend), latency, failure);
        }
    }
}
