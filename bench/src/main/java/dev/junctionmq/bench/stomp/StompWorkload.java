package dev.junctionmq.bench.stomp;

import java.time.Duration;

/**
 * What one STOMP benchmark run does: {@code warmup} then {@code messages} SENDs of {@code bodySize} bytes to
 * {@code destination} by one producer connection, at most {@code window} of them not yet receipted, consumed by one
 * subscription (ack {@code client-individual}, an ACK per message) holding at most {@code prefetch} unacknowledged.
 *
 * @param idleTimeout how long either side may wait for the broker before the run fails
 */
public record StompWorkload(String host, int port, String destination, int messages, int warmup, int bodySize,
                            int window, int prefetch, String login, String passcode, Duration idleTimeout) {

    public StompWorkload {
        if (messages < 1 || warmup < 0 || bodySize < 0 || window < 1 || prefetch < 1) {
            throw new IllegalArgumentException("messages and window and prefetch must be at least 1, "
                    + "warm-up and size at least 0");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    public StompWorkload at(String newHost, int newPort) {
        return new StompWorkload(newHost, newPort, destination, messages, warmup, bodySize, window, prefetch, login,
                passcode, idleTimeout);
    }

    int total() {
        return warmup + messages;
    }
}
