package dev.junctionmq.broker.spi;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection that has not finished its handshake in time is closed, once; one that has, never. */
class HandshakeDeadlineTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static ChannelHandlerContext context(EmbeddedChannel channel) {
        channel.pipeline().addLast(new ChannelInboundHandlerAdapter());
        return channel.pipeline().firstContext();
    }

    @Test
    void aConnectionStillWaitingWhenTheTimeIsUpIsClosedOnce() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        AtomicInteger closes = new AtomicInteger();
        HandshakeDeadline.start(context(channel), TIMEOUT, () -> true, "test connection: no hello",
                closes::incrementAndGet);
        channel.advanceTimeBy(TIMEOUT.toMillis() - 1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closes).as("not before the time is up").hasValue(0);
        channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.advanceTimeBy(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closes).hasValue(1);
    }

    @Test
    void aFinishedOrCancelledHandshakeIsNeverClosedForIt() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.freezeTime();
        ChannelHandlerContext ctx = context(channel);
        AtomicBoolean handshakeDone = new AtomicBoolean();
        AtomicInteger closes = new AtomicInteger();
        HandshakeDeadline.start(ctx, TIMEOUT, () -> !handshakeDone.get(), "finished", closes::incrementAndGet);
        HandshakeDeadline cancelled = HandshakeDeadline.start(ctx, TIMEOUT, () -> true, "cancelled",
                closes::incrementAndGet);
        handshakeDone.set(true);
        cancelled.cancel();
        channel.advanceTimeBy(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        assertThat(closes).hasValue(0);
    }
}
