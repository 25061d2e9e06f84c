package dev.junctionmq.stomp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The frame codec on an embedded channel; test names follow the STOMP 1.2 specification's sections. */
class StompFrameCodecTest {

    private static final StompLimits LIMITS = new StompLimits(64, 4, 128, 16);

    private static EmbeddedChannel channel(StompFrameDecoder decoder) {
        return new EmbeddedChannel(decoder, new StompFrameEncoder());
    }

    private static ByteBuf bytes(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    @Test
    void augmentedBnf_framesSplitAnywhereAndHeartBeatsBetweenThem() {
        EmbeddedChannel channel = channel(new StompFrameDecoder(LIMITS));
        String wire = "\n\r\nSEND\r\ndestination:/queue/a\r\n\r\nhello\0\n\nSEND\ndestination:/queue/b\n\n\0";
        for (byte b : wire.getBytes(StandardCharsets.UTF_8)) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        StompFrame first = channel.readInbound();
        StompFrame second = channel.readInbound();
        assertThat(first.command()).isEqualTo("SEND");
        assertThat(first.header("destination")).isEqualTo("/queue/a");
        assertThat(first.bodyAsString()).isEqualTo("hello");
        assertThat(second.header("destination")).isEqualTo("/queue/b");
        assertThat(second.body()).isEmpty();
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void repeatedHeaderEntries_firstWins() {
        EmbeddedChannel channel = channel(new StompFrameDecoder(LIMITS));
        channel.writeInbound(bytes("MESSAGE\nfoo:World\nfoo:Hello\n\n\0"));
        assertThat(((StompFrame) channel.readInbound()).header("foo")).isEqualTo("World");
    }

    @Test
    void valueEncoding_unescapedPerVersionButNeverInConnect() {
        StompFrameDecoder decoder = new StompFrameDecoder(LIMITS);
        EmbeddedChannel channel = channel(decoder);
        channel.writeInbound(bytes("CONNECT\nlogin:a\\cb\n\n\0SEND\nk\\c:v\\n\\r\\\\\n\n\0"));
        assertThat(((StompFrame) channel.readInbound()).header("login")).isEqualTo("a\\cb");
        assertThat(((StompFrame) channel.readInbound()).header("k:")).isEqualTo("v\n\r\\");
        decoder.version(StompVersion.V1_0);
        channel.writeInbound(bytes("SEND\nk:v\\n\n\n\0"));
        assertThat(((StompFrame) channel.readInbound()).header("k")).isEqualTo("v\\n");
    }

    @Test
    void valueEncoding_undefinedEscapeIsFatal() {
        EmbeddedChannel channel = channel(new StompFrameDecoder(LIMITS));
        assertThatThrownBy(() -> channel.writeInbound(bytes("SEND\nk:a\\tb\n\n\0")))
                .isInstanceOf(DecoderException.class).hasCauseInstanceOf(StompProtocolException.class)
                .hasMessageContaining("invalid escape sequence \\t");
        channel.writeInbound(bytes("SEND\nk:v\n\n\0")); // discarded after the failure
        assertThat((Object) channel.readInbound()).isNull();
    }

    @Test
    void encoder_escapesHeadersExceptInConnectedAndAddsContentLength() {
        StompFrameEncoder encoder = new StompFrameEncoder();
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        encoder.version(StompVersion.V1_2);
        channel.writeOutbound(StompFrame.builder("MESSAGE").header("a:b", "c\nd\\e\r").body(new byte[] {1, 0, 2})
                .build());
        ByteBuf out = channel.readOutbound();
        byte[] expected = "MESSAGE\na\\cb:c\\nd\\\\e\\r\ncontent-length:3\n\n\u0001\u0000\u0002\u0000"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(readAll(out)).containsExactly(expected);
        channel.writeOutbound(StompFrame.builder("CONNECTED").header("version", "1.2").header("session", "x:y")
                .build());
        assertThat(new String(readAll(channel.readOutbound()), StandardCharsets.UTF_8))
                .isEqualTo("CONNECTED\nversion:1.2\nsession:x:y\n\n\0");
    }

    @Test
    void contentLength_bodyWithNulAndMissingTerminatorIsAnError() {
        EmbeddedChannel channel = channel(new StompFrameDecoder(LIMITS));
        channel.writeInbound(bytes("SEND\ncontent-length:3\n\na\0b\0"));
        assertThat(((StompFrame) channel.readInbound()).body()).containsExactly('a', 0, 'b');
        assertThatThrownBy(() -> channel.writeInbound(bytes("SEND\ncontent-length:1\n\nab\0")))
                .hasRootCauseMessage("frame body is not followed by a NUL byte after its content-length of 1 bytes");
    }

    @Test
    void sizeLimits_checkedBeforeBuffering() {
        assertThatThrownBy(() -> channel(new StompFrameDecoder(LIMITS))
                .writeInbound(bytes("SEND\ncontent-length:17\n\n")))
                .hasRootCauseMessage("frame body of 17 bytes exceeds the maximum message size of 16 bytes");
        assertThatThrownBy(() -> channel(new StompFrameDecoder(LIMITS)).writeInbound(bytes("SEND\n\n"
                + "x".repeat(17))))
                .hasRootCauseMessage("frame body exceeds the maximum message size of 16 bytes");
        assertThatThrownBy(() -> channel(new StompFrameDecoder(LIMITS)).writeInbound(bytes("SEND\nk:"
                + "v".repeat(70))))
                .hasRootCauseMessage("STOMP header line longer than 64 bytes");
        assertThatThrownBy(() -> channel(new StompFrameDecoder(LIMITS))
                .writeInbound(bytes("SEND\na:1\nb:2\nc:3\nd:4\ne:5\n")))
                .hasRootCauseMessage("STOMP frame has more than 4 headers");
        assertThatThrownBy(() -> channel(new StompFrameDecoder(LIMITS)).writeInbound(bytes("SEND\n"
                + ("k:" + "v".repeat(50) + "\n").repeat(3))))
                .hasRootCauseMessage("STOMP frame headers longer than 128 bytes");
        assertThatThrownBy(() -> channel(new StompFrameDecoder(LIMITS)).writeInbound(bytes("SEND\nnocolon\n\n\0")))
                .hasRootCauseMessage("malformed STOMP header line 'nocolon': expected name:value");
    }

    private static byte[] readAll(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
