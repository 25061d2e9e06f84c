package dev.junctionmq.mqtt.session;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Packets to one client in the order they were produced, some of them held back until something they depend on is
 * done (a QoS 2 PUBLISH until its record is on disk): a packet is written only after every packet produced before
 * it, so holding one back never reorders the client's messages (MQTT 3.1.1 §4.6, ordered topics). Used on the
 * connection's event loop only; the wait itself blocks nothing.
 */
final class OrderedWrites {

    private static final class Pending {
        final Object packet;
        final ChannelFutureListener written;
        boolean ready;
        /** Released by {@link #discard()}: its wait may still end, and must then do nothing. */
        boolean discarded;

        Pending(Object packet, ChannelFutureListener written, boolean ready) {
            this.packet = packet;
            this.written = written;
            this.ready = ready;
        }
    }

    private final ChannelHandlerContext ctx;
    /** Bounded by the client's window: only PUBLISHes and their PUBRELs are held back. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    OrderedWrites(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    /** Writes now, or after the packets still held back; {@code written} (may be null) when it is written. */
    void write(Object packet, ChannelFutureListener written) {
        if (queue.isEmpty()) {
            ChannelFuture future = ctx.writeAndFlush(packet);
            if (written != null) {
                future.addListener(written);
            }
            return;
        }
        queue.add(new Pending(packet, written, true));
    }

    /**
     * Writes once {@code before} completes (and after the packets produced before it); if {@code before} fails the
     * packet is dropped and {@code failed} is told, on the event loop.
     */
    void writeAfter(CompletableFuture<?> before, Object packet, Consumer<Throwable> failed) {
        Pending pending = new Pending(packet, null, false);
        queue.add(pending);
        before.whenComplete((v, failure) -> {
            if (ctx.executor().inEventLoop()) {
                done(pending, failure, failed);
            } else {
                ctx.executor().execute(() -> done(pending, failure, failed));
            }
        });
    }

    private void done(Pending pending, Throwable failure, Consumer<Throwable> failed) {
        if (pending.discarded) {
            return;
        }
        if (failure != null) {
            queue.remove(pending);
            ReferenceCountUtil.release(pending.packet);
            failed.accept(failure);
        } else {
            pending.ready = true;
        }
        boolean wrote = false;
        while (!queue.isEmpty() && queue.peek().ready) {
            Pending next = queue.poll();
            ChannelFuture future = ctx.write(next.packet);
            if (next.written != null) {
                future.addListener(next.written);
            }
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    /** The connection closes: what is still held back is not written. */
    void discard() {
        queue.forEach(pending -> {
            pending.discarded = true;
            ReferenceCountUtil.release(pending.packet);
        });
        queue.clear();
    }
}
