package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.LatencyHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a {@link StompWorkload} against any STOMP 1.2 broker over plain TCP: one consumer connection subscribes
 * (ack {@code client-individual}) and ACKs every MESSAGE; once its SUBSCRIBE is receipted, one producer connection
 * SENDs with a receipt on every frame and never has more than {@code window} unreceipted (a reader thread on the
 * producer connection returns a permit per RECEIPT), so the producer cannot run ahead of the broker's disk.
 *
 * <p>Every SEND carries {@code persistent:true} (brokers such as Artemis keep STOMP messages in memory only
 * without it), a sequence number and the sender's {@code System.nanoTime()}; the consumer runs in the same JVM,
 * so receive time minus that stamp is the send → receive latency. Prefetch is asked for in both header
 * conventions: {@code activemq.prefetchSize} in messages (ActiveMQ Classic, Junction) and
 * {@code consumer-window-size} in bytes (Artemis, which would otherwise allow only 10 KiB in flight).
 */
public final class StompBenchmark {

    private static final Logger log = LoggerFactory.getLogger(StompBenchmark.class);
    private static final String SEQUENCE = "bench-seq";
    private static final String SENT_NANOS = "bench-sent-ns";
    /** Per-message allowance for headers and properties in Artemis's byte-counted consumer window. */
    private static final int WINDOW_BYTES_PER_MESSAGE_OVERHEAD = 512;
    private static final int FRAMES_PER_WRITE = 16;

    private StompBenchmark() {
    }

    public static StompResult run(String label, StompWorkload workload) throws IOException, InterruptedException {
        ConsumerSide consumer = new ConsumerSide(workload);
        try (StompClientConnection consumerConnection = StompClientConnection.open(workload);
             StompClientConnection producerConnection = StompClientConnection.open(workload)) {
            consumer.subscribe(consumerConnection);
            Thread consumerThread = new Thread(() -> consumer.consume(consumerConnection), "stomp-bench-consumer");
            consumerThread.start();
            ProducerSide producer = new ProducerSide(workload, producerConnection);
            String producerFailure = producer.produce();
            consumerThread.join(workload.idleTimeout().toMillis() + 10_000);
            String failure = producerFailure != null ? producerFailure : consumer.failure.get();
            if (failure == null && consumerThread.isAlive()) {
                failure = "consumer did not finish";
            }
            if (failure == null) {
                producerConnection.disconnect();
            }
            long firstMeasuredSend = producer.firstMeasuredSendNanos;
            long window = consumer.lastReceiveNanos - firstMeasuredSend;
            long lost = workload.total() - consumer.distinct;
            return new StompResult(label, workload, consumer.measured, lost, consumer.duplicates,
                    Math.max(0, window), consumer.latency, failure);
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The producer connection: SENDs under the receipt window, and the thread that reads the RECEIPTs. */
    private static final class ProducerSide {
        private final StompWorkload workload;
        private final StompClientConnection connection;
        private final Semaphore window;
        private final AtomicReference<String> receiptFailure = new AtomicReference<>();
        private final CountDownLatch allReceipted = new CountDownLatch(1);
        volatile long firstMeasuredSendNanos;

        ProducerSide(StompWorkload workload, StompClientConnection connection) {
            this.workload = workload;
            this.connection = connection;
            this.window = new Semaphore(workload.window());
        }

        /** Sends everything and waits for every receipt; returns why it failed, or null. */
        String produce() throws InterruptedException {
            Thread receipts = new Thread(this::readReceipts, "stomp-bench-receipts");
            receipts.start();
            byte[] body = new byte[workload.bodySize()];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) ('a' + i % 26);
            }
            try {
                for (int seq = 0; seq < workload.total(); seq++) {
                    if (!window.tryAcquire()) {
                        connection.writer.flush();
                        if (!window.tryAcquire(workload.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                            return failure("no RECEIPT for " + workload.idleTimeout() + " with " + workload.window()
                                    + " sends outstanding");
                        }
                    }
                    long now = System.nanoTime();
                    if (seq == workload.warmup()) {
                        firstMeasuredSendNanos = now;
                    }
                    connection.writer.command("SEND").header("destination", workload.destination())
                            .header("persistent", "true").header("receipt", seq).header(SEQUENCE, seq)
                            .header(SENT_NANOS, now).end(body);
                    if (seq % FRAMES_PER_WRITE == FRAMES_PER_WRITE - 1) {
                        connection.writer.flush();
                    }
                }
                connection.writer.flush();
            } catch (IOException e) {
                return failure("sending failed: " + describe(e));
            }
            if (!allReceipted.await(workload.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                return failure("not every SEND was receipted within " + workload.idleTimeout());
            }
            receipts.join();
            return receiptFailure.get();
        }

        private String failure(String reason) {
            String earlier = receiptFailure.get();
            return earlier != null ? earlier : reason;
        }

        private void readReceipts() {
            try {
                for (int receipted = 0; receipted < workload.total(); receipted++) {
                    StompFrameReader.Frame frame = connection.reader.read();
                    if (!frame.command().equals("RECEIPT")) {
                        receiptFailure.set("producer connection got " + StompClientConnection.describe(frame));
                        return;
                    }
                    window.release();
                }
                allReceipted.countDown();
            } catch (IOException e) {
                receiptFailure.set("reading receipts failed: " + describe(e));
            }
        }
    }

    /** The consumer connection: one client-individual subscription, an ACK per MESSAGE, the counts and latencies. */
    private static final class ConsumerSide {
        private final StompWorkload workload;
        private final BitSet seen;
        final LatencyHistogram latency = new LatencyHistogram();
        final AtomicReference<String> failure = new AtomicReference<>();
        volatile long distinct;
        volatile long measured;
        volatile long duplicates;
        volatile long lastReceiveNanos;

        ConsumerSide(StompWorkload workload) {
            this.workload = workload;
            this.seen = new BitSet(workload.total());
        }

        void subscribe(StompClientConnection connection) throws IOException {
            long windowBytes = (long) workload.prefetch() * (workload.bodySize() + WINDOW_BYTES_PER_MESSAGE_OVERHEAD);
            connection.writer.command("SUBSCRIBE").header("id", "bench").header("destination", workload.destination())
                    .header("ack", "client-individual").header("activemq.prefetchSize", workload.prefetch())
                    .header("consumer-window-size", Math.min(Integer.MAX_VALUE, windowBytes))
                    .header("receipt", "subscribed").end(new byte[0]);
            connection.writer.flush();
            StompFrameReader.Frame reply = connection.reader.read();
            if (!reply.command().equals("RECEIPT")) {
                throw new IOException("SUBSCRIBE answered with " + StompClientConnection.describe(reply));
            }
        }

        void consume(StompClientConnection connection) {
            long count = 0;
            long received = 0;
            // ACKs leave in one write per batch of MESSAGEs read, and always before the next wait for the broker
            connection.reader.flushBeforeBlocking(connection.writer);
            try {
                while (count < workload.total()) {
                    StompFrameReader.Frame frame = connection.reader.read();
                    long now = System.nanoTime();
                    if (!frame.command().equals("MESSAGE")) {
                        failure.set("consumer connection got " + StompClientConnection.describe(frame));
                        return;
                    }
                    String ack = frame.header("ack");
                    if (ack == null) {
                        failure.set("MESSAGE without an ack header (not STOMP 1.2?)");
                        return;
                    }
                    connection.writer.command("ACK").header("id", ack).end(new byte[0]);
                    int seq = Integer.parseInt(frame.header(SEQUENCE));
                    if (frame.body().length != workload.bodySize()) {
                        failure.set("message " + seq + " has " + frame.body().length + " body bytes, sent "
                                + workload.bodySize());
                        return;
                    }
                    if (seen.get(seq)) {
                        duplicates++;
                        continue;
                    }
                    seen.set(seq);
                    count++;
                    if (seq >= workload.warmup()) {
                        received++;
                        latency.record(now - Long.parseLong(frame.header(SENT_NANOS)));
                    }
                    lastReceiveNanos = now;
                    distinct = count;
                    measured = received;
                }
                connection.writer.flush();
                connection.disconnect(); // its receipt means every ACK has been handled
            } catch (IOException | RuntimeException e) {
                failure.compareAndSet(null, "consuming failed after " + count + " messages: " + describe(e));
                log.debug("consumer failed", e);
            }
        }
    }
}
