package dev.junctionmq.stomp.session;

import dev.junctionmq.stomp.codec.StompProtocolException;

/**
 * Heart-beat negotiation, STOMP 1.2 "Heart-beating": the client's {@code heart-beat:cx,cy} against the server's
 * {@code sx,sy}. The server sends a beat every {@code max(sx, cy)} ms (none if either is 0) and expects one from
 * the client every {@code max(cx, sy)} ms (none if either is 0).
 *
 * @param sendMillis    how often the server writes an EOL when it has nothing else to write; 0 = never
 * @param receiveMillis how often the client promised to send something; 0 = no check
 */
record HeartBeat(long sendMillis, long receiveMillis) {

    static final HeartBeat NONE = new HeartBeat(0, 0);

    static HeartBeat negotiate(String clientHeader, long serverSend, long serverReceive) {
        if (clientHeader == null || clientHeader.isBlank()) {
            return NONE;
        }
        String[] parts = clientHeader.split(",");
        if (parts.length != 2) {
            throw new StompProtocolException("invalid heart-beat header '" + clientHeader + "'",
                    "The heart-beat header is two non-negative numbers of milliseconds: cx,cy.");
        }
        long cx = parse(parts[0], clientHeader);
        long cy = parse(parts[1], clientHeader);
        long send = cy == 0 || serverSend == 0 ? 0 : Math.max(serverSend, cy);
        long receive = cx == 0 || serverReceive == 0 ? 0 : Math.max(serverReceive, cx);
        return new HeartBeat(send, receive);
    }

    private static long parse(String part, String header) {
        try {
            long value = Long.parseLong(part.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new StompProtocolException("invalid heart-beat header '" + header + "'",
                "The heart-beat header is two non-negative numbers of milliseconds: cx,cy.");
    }
}
