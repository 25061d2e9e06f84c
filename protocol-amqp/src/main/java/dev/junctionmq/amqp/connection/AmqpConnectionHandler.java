package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.sasl.SaslAuthenticator;
import dev.junctionmq.amqp.transport.AmqpFramingException;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.HandshakeDeadline;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.apache.qpid.proton.amqp.transport.ConnectionError;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;

/**
 * Drives one Proton-J transport from a Netty channel: bytes in → {@link Transport#process()} → collector events →
 * {@link AmqpConnection}; pending output → the channel. Everything runs on the channel's event loop; work that
 * completes elsewhere (store writes, engine deliveries) comes back through {@link #execute(Runnable)}. Also owns
 * the handshake deadline and the idle-timeout ticks (AMQP 1.0 part 2, 2.4.5).
 */
public final class AmqpConnectionHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(AmqpConnectionHandler.class);
    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private final BrokerServices services;
    private final AmqpSettings settings;

    private ChannelHandlerContext ctx;
    private Transport transport;
    private Connection connection;
    private Collector collector;
    private SaslAuthenticator sasl;
    private AmqpConnection amqp;
    private String connectionId;
    private String remote;
    private HandshakeDeadline handshakeTimer;
    private ScheduledFuture<?> tickTimer;
    private long tickDeadline;
    private boolean closing;
    private boolean processing;
    /** Work handed over from other threads (store completions, engine deliveries), run in batches; see execute. */
    private final Queue<Runnable> pendingTasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean taskRunScheduled = new AtomicBoolean();

    public AmqpConnectionHandler(BrokerServices services, AmqpSettings settings) {
        this.services = services;
        this.settings = settings;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        ctx = context;
        connectionId = context.channel().id().asShortText();
        remote = String.valueOf(context.channel().remoteAddress());
        transport = Transport.Factory.create();
        transport.setMaxFrameSize(settings.maxFrameSize());
        transport.setIdleTimeout(settings.idleTimeoutMs());
        sasl = new SaslAuthenticator(services.auth(), settings.allowAnonymous(), connectionId);
        Sasl protonSasl = transport.sasl();
        sasl.install(protonSasl);
        protonSasl.allowSkip(sasl.anonymousAllowed());
        connection = Connection.Factory.create();
        collector = Collector.Factory.create();
        connection.collect(collector);
        transport.bind(connection);
        amqp = new AmqpConnection(this, services, settings, connection, sasl, connectionId, remote,
                context.channel().remoteAddress());
        handshakeTimer = HandshakeDeadline.start(context, services.handshakeTimeout(),
                () -> !amqp.isOpen() && !closing, "AMQP connection " + connectionId + " from " + remote + ": no open",
                this::closeChannel);
        log.debug("AMQP connection {} from {} accepted", connectionId, remote);
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            context.fireChannelRead(msg);
            return;
        }
        try {
            while (buf.isReadable() && !closing) {
                int capacity = transport.capacity();
                if (capacity <= 0) {
                    // the transport's input side is closed (after a close or an error): drop the rest
                    break;
                }
                ByteBuffer tail = transport.tail();
                int n = Math.min(tail.remaining(), buf.readableBytes());
                int limit = tail.limit();
                tail.limit(tail.position() + n);
                buf.readBytes(tail);
                tail.limit(limit);
                try {
                    transport.process();
                } catch (TransportException e) {
                    log.info("AMQP connection {} from {}: {}", connectionId, remote, e.getMessage());
                }
                dispatch();
            }
        } finally {
            buf.release();
        }
        pump();
    }

    /** Hands the collector's events to the connection, then writes what Proton produced. */
    void dispatch() {
        if (processing) {
            return; // re-entered from an event handler: the outer loop picks the new events up
        }
        processing = true;
        try {
            Event event;
            while ((event = collector.peek()) != null) {
                try {
                    amqp.onEvent(event);
                } catch (RuntimeException e) {
                    log.warn("AMQP connection {} from {}: failure handling {}", connectionId, remote,
                            event.getType(), e);
                    amqp.fail(new ErrorCondition(org.apache.qpid.proton.amqp.transport.AmqpError.INTERNAL_ERROR,
                            "internal error: " + e));
                }
                collector.pop();
            }
        } finally {
            processing = false;
        }
    }

    /**
     * Runs {@code task} on this connection's event loop, then flushes what it produced. Tasks that arrive while one
     * run is already scheduled join it: the store completes a whole group commit and the engine hands over a batch
     * of deliveries at once, and their settlements and transfers then leave in one write and one flush, not one
     * per message. The queue is bounded by credit: every task is a store completion for a transfer the link's
     * credit let in, or a delivery the consumer link's credit asked for.
     */
    void execute(Runnable task) {
        pendingTasks.add(task);
        if (taskRunScheduled.compareAndSet(false, true)) {
            try {
                ctx.channel().eventLoop().execute(this::runPendingTasks);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the broker is shutting down its event loops: the connection is gone, the engine is stopping too
                log.debug("AMQP connection {}: event loop stopped, dropping {} task(s)", connectionId,
                        pendingTasks.size());
                pendingTasks.clear();
                taskRunScheduled.set(false);
            }
        }
    }

    /** Runs {@code task} on this connection's event loop after {@code delayMs}, then flushes what it produced. */
    void schedule(Runnable task, long delayMs) {
        ctx.executor().schedule(() -> {
            task.run();
            if (!closing) {
                dispatch();
                pump();
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    private void runPendingTasks() {
        // cleared before draining: a task added from now on schedules a run of its own (at worst an empty one)
        taskRunScheduled.set(false);
        Runnable task;
        while ((task = pendingTasks.poll()) != null) {
            task.run(); // even when closed: it may hand a delivery back to the engine
        }
        if (!closing) {
            dispatch();
            pump();
        }
    }

    boolean inEventLoop() {
        return ctx.channel().eventLoop().inEventLoop();
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    void connectionOpened() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
    }

    /** Writes Proton's pending output, schedules the next idle tick, closes the socket once output has ended. */
    void pump() {
        if (transport == null) {
            return;
        }
        dispatch();
        boolean wrote = false;
        while (true) {
            int pending = transport.pending();
            if (pending < 0) {
                // the output side is finished (close written or transport failed)
                if (wrote) {
                    ctx.flush();
                }
                closeChannel();
                return;
            }
            if (pending == 0) {
                break;
            }
            ByteBuffer head = transport.head();
            ByteBuf out = ctx.alloc().buffer(pending);
            ByteBuffer slice = head.duplicate();
            slice.limit(slice.position() + pending);
            out.writeBytes(slice);
            transport.pop(pending);
            ctx.write(out);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
        if (sasl.failure() != null) {
            closeChannel(); // the SASL outcome "auth" is written (AMQP 1.0 part 5, 5.3.3.6): nothing follows
            return;
        }
        scheduleTick();
    }

    private void scheduleTick() {
        if (closing || transport == null) {
            return;
        }
        long deadline = transport.tick(System.currentTimeMillis());
        if (deadline == 0 || (tickTimer != null && !tickTimer.isDone() && deadline >= tickDeadline)) {
            return;
        }
        if (tickTimer != null) {
            tickTimer.cancel(false);
        }
        tickDeadline = deadline;
        long delay = Math.max(1, deadline - System.currentTimeMillis());
        tickTimer = ctx.executor().schedule(() -> {
            tickTimer = null;
            transport.tick(System.currentTimeMillis());
            dispatch();
            pump();
        }, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext context) {
        if (context.channel().isWritable() && amqp != null) {
            amqp.onWritable();
            pump();
        }
        context.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof AmqpFramingException framing) {
            log.info("AMQP connection {} from {}: {}, closing", connectionId, remote, framing.getMessage());
            if (framing.badHeader()) {
                // AMQP 1.0 part 2, 2.2: answer with the protocol header we support, then close
                closing = true;
                context.writeAndFlush(Unpooled.wrappedBuffer(sasl.anonymousAllowed() ? AMQP_HEADER : SASL_HEADER))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (connection.getLocalState() == EndpointState.ACTIVE) {
                amqp.fail(new ErrorCondition(ConnectionError.FRAMING_ERROR, framing.getMessage()));
                pump();
            }
            closeChannel();
        } else if (cause instanceof IOException) {
            log.debug("AMQP connection {} from {}: {}", connectionId, remote, cause.toString());
            closeChannel();
        } else {
            log.warn("AMQP connection {} from {}: unexpected failure", connectionId, remote, cause);
            closeChannel();
        }
    }

    private void closeChannel() {
        if (!closing) {
            closing = true;
            ctx.channel().config().setAutoRead(false);
            // after whatever is queued (a close frame, a protocol header) has been written
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        closing = true;
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
        }
        if (tickTimer != null) {
            tickTimer.cancel(false);
        }
        if (amqp != null) {
            amqp.onChannelClosed();
        }
        context.fireChannelInactive();
    }
}
