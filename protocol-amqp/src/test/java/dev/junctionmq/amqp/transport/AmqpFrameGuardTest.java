package dev.junctionmq.amqp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** AMQP 1.0 part 2, 2.2 (protocol header) and 2.3.1 (frame size) are checked before anything is buffered. */
class AmqpFrameGuardTest {

    private static final byte[] SASL_HEADER = {'A', 'M', 'Q', 'P', 3, 1, 0, 0};
    private static final byte[] AMQP_HEADER = {'A', 'M', 'Q', 'P', 0, 1, 0, 0};

    private final List<Throwable> errors = new ArrayList<>();

    private EmbeddedChannel channel(boolean saslRequired) {
        return new EmbeddedChannel(new AmqpFrameGuard(1024, 512, saslRequired), new ChannelInboundHandlerAdapter() {
            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                errors.add(cause);
            }
        });
    }

    private static byte[] frame(int size) {
        byte[] frame = new byte[size];
        frame[0] = (byte) (size >>> 24);
        frame[1] = (byte) (size >>> 16);
        frame[2] = (byte) (size >>> 8);
        frame[3] = (byte) size;
        frame[4] = 2;
        return frame;
    }

    private static int passed(EmbeddedChannel channel) {
        int total = 0;
        for (ByteBuf buf = channel.readInbound(); buf != null; buf = channel.readInbound()) {
            total += buf.readableBytes();
            buf.release();
        }
        return total;
    }

    @Test
    void aSaslHandshakeThenFramesPassUnchangedEvenInSmallPieces() {
        EmbeddedChannel channel = channel(true);
        byte[] stream = concat(SASL_HEADER, frame(100), AMQP_HEADER, frame(1024), frame(8));
        for (byte b : stream) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertThat(errors).isEmpty();
        assertThat(passed(channel)).isEqualTo(stream.length);
    }

    @Test
    void aWrongHeaderIsRaisedAtItsFirstWrongByte() {
        EmbeddedChannel channel = channel(true);
        channel.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1".getBytes()));
        assertThat(errors).singleElement().isInstanceOfSatisfying(AmqpFramingException.class,
                e -> assertThat(e.badHeader()).isTrue());
        assertThat(passed(channel)).isZero();
    }

    @Test
    void plainAmqpWithoutSaslIsRefusedWhenSaslIsRequired() {
        EmbeddedChannel channel = channel(true);
        channel.writeInbound(Unpooled.wrappedBuffer(AMQP_HEADER));
        assertThat(errors).singleElement().isInstanceOfSatisfying(AmqpFramingException.class,
                e -> assertThat(e.getMessage()).contains("SASL"));
    }

    @Test
    void anOversizedFrameIsRaisedByItsDeclaredSizeAfterTheBytesBeforeIt() {
        EmbeddedChannel channel = channel(false);
        byte[] ok = concat(AMQP_HEADER, frame(64));
        channel.writeInbound(Unpooled.wrappedBuffer(concat(ok, new byte[] {0, 0, 0x10, 0})));
        assertThat(errors).singleElement().isInstanceOfSatisfying(AmqpFramingException.class, e -> {
            assertThat(e.badHeader()).isFalse();
            assertThat(e.getMessage()).contains("4096").contains("1024");
        });
        assertThat(passed(channel)).isEqualTo(ok.length);
    }

    @Test
    void saslFramesHaveTheirOwnSmallerLimitAndTinyFramesAreRefused() {
        EmbeddedChannel sasl = channel(true);
        sasl.writeInbound(Unpooled.wrappedBuffer(concat(SASL_HEADER, frame(600))));
        assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("512");
        errors.clear();
        EmbeddedChannel tiny = channel(false);
        tiny.writeInbound(Unpooled.wrappedBuffer(concat(AMQP_HEADER, new byte[] {0, 0, 0, 4})));
        assertThat(errors).singleElement().extracting(Throwable::getMessage).asString().contains("minimum");
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }
}
