package dev.junctionmq.bench.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The first {@link #SIZE} bytes of every benchmark message: the {@link System#nanoTime()} of its send (bytes 0-7;
 * producer and consumer share the JVM, so the clocks agree), the producer's index (8-11) and the producer's
 * sequence number (12-19), which lets the consumers find lost and duplicated messages.
 */
final class BodyStamp {

    static final int SIZE = 20;

    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private BodyStamp() {
    }

    static void write(byte[] body, long sentNanos, int producer, long sequence) {
        LONG.set(body, 0, sentNanos);
        INT.set(body, 8, producer);
        LONG.set(body, 12, sequence);
    }

    static long sentNanos(byte[] body) {
        return (long) LONG.get(body, 0);
    }

    static int producer(byte[] body) {
        return (int) INT.get(body, 8);
    }

    static long sequence(byte[] body) {
        return (long) LONG.get(body, 12);
    }
}
