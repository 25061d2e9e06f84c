package dev.junctionmq.broker.store.record;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.HexFormat;

/**
 * RocketMQ's store-side message id ("offsetMsgId"): store host address (4 or 16 bytes), port (4) and commit-log
 * offset (8), as upper-case hex. It decodes back to the broker and the record's place in its log.
 */
public record OffsetMessageId(InetSocketAddress storeHost, long commitLogOffset) {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    public String encode() {
        byte[] address = storeHost.getAddress().getAddress();
        ByteBuffer buffer = ByteBuffer.allocate(address.length + 4 + 8);
        buffer.put(address).putInt(storeHost.getPort()).putLong(commitLogOffset);
        return HEX.formatHex(buffer.array());
    }

    @Override
    public String toString() {
        return encode();
    }

    /** @throws IllegalArgumentException if {@code id} is not a 32- or 56-character hex offset message id */
    public static OffsetMessageId decode(String id) {
        if (id == null || (id.length() != 32 && id.length() != 56)) {
            throw new IllegalArgumentException("not a store message id (32 or 56 hex characters): " + id);
        }
        byte[] bytes;
        try {
            bytes = HEX.parseHex(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a store message id (not hex): " + id, e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        byte[] address = new byte[bytes.length - 12];
        buffer.get(address);
        int port = buffer.getInt();
        long offset = buffer.getLong();
        try {
            return new OffsetMessageId(new InetSocketAddress(InetAddress.getByAddress(address), port), offset);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not a store message id: " + id, e);
        }
    }
}
