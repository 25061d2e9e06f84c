package dev.junctionmq.broker.store;

import dev.junctionmq.broker.store.record.MessageToAppend;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;

/**
 * The child process of {@link CrashRecoveryTest}: opens (and so, after a kill, recovers) a {@link MessageStore} and
 * appends records from several producer threads until it is killed.
 *
 * <p>Arguments: {@code <store dir> <SYNC_FLUSH|ASYNC_FLUSH> <segment size> <producer threads>}.
 *
 * <p>Producer {@code p} writes to queue {@code p} of {@link #TOPIC}; its record number {@code seq} is also its
 * queue offset, so after a restart a producer resumes at {@code maxOffset(TOPIC, p)}. The body is
 * {@link #body(int, long)}: {@code "p:seq:"} plus padding of a length that varies with (p, seq); every
 * {@link #LARGE_EVERY}th record is large (100-250 KiB) so that segments end with big fillers.
 *
 * <p>Standard output carries only protocol lines, each written whole and flushed:
 * <ul>
 *   <li>{@code START <producer> <first seq> <commit-log end>}: the producer's first record number after open;</li>
 *   <li>{@code ACK <producer> <seq> <commitLogOffset>}: the append future of that record completed;</li>
 *   <li>{@code ERROR <text>}: something is wrong (the process then halts).</li>
 * </ul>
 * Everything else (Logback's console output included) goes to standard error.
 */
public final class CrashingProducerMain {

    public static final String TOPIC = "crash-test";
    /** Fixed so that offset message ids are the same in the child and in the test JVM. */
    public static final InetSocketAddress STORE_HOST =
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 10911);
    /** Appends a producer keeps in flight; ACKs are still printed in sequence order. */
    static final int WINDOW = 8;
    static final int LARGE_EVERY = 100;

    private static final Object PRINT_LOCK = new Object();
    private static PrintStream protocol;

    private CrashingProducerMain() {
    }

    /** The store configuration shared by the child and the test: small segments, small index files. */
    public static StoreConfig config(Path dir, FlushMode mode, int segmentSize) {
        return StoreConfig.builder(dir)
                .flushMode(mode)
                .commitLogSegmentSize(segmentSize)
                .maxMessageSize(segmentSize / 4)
                .consumeQueueEntriesPerSegment(1024)
                .indexHashSlots(4096)
                .indexMaxEntries(16_384)
                .asyncFlushInterval(Duration.ofMillis(200))
                .checkpointInterval(Duration.ofMillis(100))
                .storeHost(STORE_HOST)
                // Never let disk-usage retention delete segments under the test's feet.
                .diskMaxUsedRatio(1.0)
                .build();
    }

    public static String key(int producer, long seq) {
        return "k-" + producer + "-" + seq;
    }

    public static String uniqueKey(int producer, long seq) {
        return "u-" + producer + "-" + seq;
    }

    public static String tags(int producer) {
        return "P" + producer;
    }

    /** The exact body of record {@code seq} of {@code producer}; the test recomputes it to compare byte for byte. */
    public static byte[] body(int producer, long seq) {
        byte[] head = (producer + ":" + seq + ":").getBytes(StandardCharsets.US_ASCII);
        long mix = mix(producer * 1_000_003L + seq);
        int padding = seq % LARGE_EVERY == LARGE_EVERY - 1
                ? 100 * 1024 + (int) Long.remainderUnsigned(mix, 150 * 1024)
                : (int) Long.remainderUnsigned(mix, 3000);
        byte[] body = new byte[head.length + padding];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = 0; i < padding; i++) {
            body[head.length + i] = (byte) ('a' + (int) Long.remainderUnsigned(mix + i * 7L, 26));
        }
        return body;
    }

    public static MessageToAppend message(int producer, long seq) {
        return MessageToAppend.builder(TOPIC)
                .queueId(producer)
                .body(body(producer, seq))
                .keys(key(producer, seq))
                .uniqueKey(uniqueKey(producer, seq))
                .tags(tags(producer))
                .build();
    }

    /** SplitMix64 finaliser: a deterministic spread of padding lengths. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public static void main(String[] args) throws Exception {
        // Keep stdout for protocol lines only: everything printing to System.out (Logback's console appender
        // looks System.out up on every write) now goes to stderr.
        protocol = new PrintStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
                StandardCharsets.US_ASCII);
        System.setOut(System.err);

        Path dir = Path.of(args[0]);
        FlushMode mode = FlushMode.valueOf(args[1]);
        int segmentSize = Integer.parseInt(args[2]);
        int producers = Integer.parseInt(args[3]);

        MessageStore store = MessageStore.open(config(dir, mode, segmentSize));
        long end = store.commitLogMaxOffset();
        Thread[] threads = new Thread[producers];
        for (int p = 0; p < producers; p++) {
            int producer = p;
            long firstSeq = store.maxOffset(TOPIC, producer);
            print("START " + producer + " " + firstSeq + " " + end);
            threads[p] = new Thread(() -> produce(store, producer, firstSeq), "producer-" + producer);
        }
        for (Thread thread : threads) {
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(); // forever: the test kills this process
        }
    }

    private record Pending(long seq, CompletableFuture<AppendResult> future) {
    }

    private static void produce(MessageStore store, int producer, long firstSeq) {
        try {
            Deque<Pending> window = new ArrayDeque<>();
            long seq = firstSeq;
            while (true) {
                window.addLast(new Pending(seq, store.append(message(producer, seq))));
                seq++;
                if (window.size() >= WINDOW) {
                    acknowledge(producer, window.removeFirst());
                }
            }
        } catch (Throwable t) {
            t.printStackTrace();
            print("ERROR producer " + producer + " failed: " + t);
            Runtime.getRuntime().halt(3);
        }
    }

    private static void acknowledge(int producer, Pending pending) {
        AppendResult result = pending.future().join();
        if (result.queueOffset() != pending.seq()) {
            print("ERROR producer " + producer + " seq " + pending.seq() + " got queue offset "
                    + result.queueOffset());
            Runtime.getRuntime().halt(4);
        }
        print("ACK " + producer + " " + pending.seq() + " " + result.commitLogOffset());
    }

    /** Writes one whole line and flushes it, so lines never interleave and an ACK is never held back. */
    private static void print(String line) {
        synchronized (PRINT_LOCK) {
            protocol.print(line + "\n");
            protocol.flush(); // one write(2) per line: a kill never leaves half a line in the pipe
        }
    }
}
