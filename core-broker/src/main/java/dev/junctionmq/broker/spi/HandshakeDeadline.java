package dev.junctionmq.broker.spi;

import io.netty.channel.ChannelHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The time a new connection has to finish its protocol's handshake ({@link BrokerServices#handshakeTimeout()},
 * {@code network.handshakeTimeoutMs}): a peer that connects and then says nothing, or too little, must not hold a
 * socket for ever. Started when the connection becomes active and cancelled when the handshake is done or the
 * connection closes; if the time passes first, the connection is closed and that is logged once. Runs on the
 * connection's event loop.
 */
public final class HandshakeDeadline {

    private static final Logger log = LoggerFactory.getLogger(HandshakeDeadline.class);

    private final ScheduledFuture<?> timer;

    private HandshakeDeadline(ScheduledFuture<?> timer) {
        this.timer = timer;
    }

    /**
     * @param stillWaiting asked when the time is up: false if the handshake finished (or the connection is closing)
     *                     meanwhile, and nothing is done
     * @param connection   how the log names the connection and what it missed, e.g.
     *                     {@code "MQTT connection 5f3a from /10.0.0.7:53211: no CONNECT"}
     * @param close        closes the connection the protocol's way
     */
    public static HandshakeDeadline start(ChannelHandlerContext ctx, Duration timeout, BooleanSupplier stillWaiting,
                                          String connection, Runnable close) {
        long millis = timeout.toMillis();
        return new HandshakeDeadline(ctx.executor().schedule(() -> {
            if (stillWaiting.getAsBoolean()) {
                log.info("{} within {} ms, closing", connection, millis);
                close.run();
            }
        }, millis, TimeUnit.MILLISECONDS));
    }

    /** The handshake is done, or the connection closed: the deadline no longer applies. */
    public void cancel() {
        timer.cancel(false);
    }
}
