package dev.junctionmq.broker.store.record;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Producer-side unique message ids in RocketMQ's {@code UNIQ_KEY} shape, 16 bytes as 32 upper-case hex characters:
 * host IPv4 address (4) | process id, low 16 bits (2) | a per-generator random number (4, RocketMQ uses its class
 * loader's hash) | milliseconds since the start of the current month (4) | counter (2). Front ends that accept
 * messages from non-RocketMQ clients stamp each message with one of these so every protocol can read one id.
 */
public final class UniqueIdGenerator {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final byte[] prefix;
    private final AtomicInteger counter = new AtomicInteger();
    private volatile long monthStartMillis;
    private volatile long nextMonthStartMillis;

    public UniqueIdGenerator() {
        ByteBuffer p = ByteBuffer.allocate(10);
        p.put(localIpv4());
        p.putShort((short) ProcessHandle.current().pid());
        p.putInt(new java.security.SecureRandom().nextInt());
        this.prefix = p.array();
        computeMonth(System.currentTimeMillis());
    }

    public String next() {
        long now = System.currentTimeMillis();
        if (now >= nextMonthStartMillis) {
            computeMonth(now);
        }
        ByteBuffer id = ByteBuffer.allocate(16);
        id.put(prefix);
        id.putInt((int) (now - monthStartMillis));
        id.putShort((short) counter.getAndIncrement());
        return HEX.formatHex(id.array());
    }

    private synchronized void computeMonth(long now) {
        ZoneId zone = ZoneId.systemDefault();
        LocalDate firstOfMonth = java.time.Instant.ofEpochMilli(now).atZone(zone).toLocalDate().withDayOfMonth(1);
        monthStartMillis = firstOfMonth.atStartOfDay(zone).toInstant().toEpochMilli();
        nextMonthStartMillis = firstOfMonth.plusMonths(1).atStartOfDay(zone).toInstant().toEpochMilli();
    }

    private static byte[] localIpv4() {
        try {
            byte[] address = InetAddress.getLocalHost().getAddress();
            if (address.length == 4) {
                return address;
            }
        } catch (UnknownHostException ignored) {
            // fall through to loopback
        }
        return new byte[] {127, 0, 0, 1};
    }
}
