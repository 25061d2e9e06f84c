package dev.junctionmq.remoting;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.TooLongFrameException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Golden-bytes tests against frames built by hand from the layout in ANCHORS §1.17. */
class RemotingCodecTest {

    private static final byte[] BODY = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void jsonRequestRoundTripsByteForByte() throws IOException {
        RemotingCommand command = RemotingCommand.request(105).opaque(7).extField("topic", "TopicTest").body(BODY)
                .build();
        byte[] header = ("{\"code\":105,\"language\":\"JAVA\",\"version\":401,\"opaque\":7,\"flag\":0,"
                + "\"extFields\":{\"topic\":\"TopicTest\"},\"serializeTypeCurrentRPC\":\"JSON\"}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] frame = frame(0, header, BODY);

        assertThat(encode(command)).isEqualTo(frame);
        assertThat(decode(frame)).isEqualTo(command);
    }

    @Test
    void jsonResponseWithRemarkAndNoFieldsRoundTrips() throws IOException {
        RemotingCommand command = RemotingCommand.builder().code(17).opaque(3).flag(1).remark("no such topic")
                .build();
        byte[] header = ("{\"code\":17,\"language\":\"JAVA\",\"version\":401,\"opaque\":3,\"flag\":1,"
                + "\"remark\":\"no such topic\",\"serializeTypeCurrentRPC\":\"JSON\"}").getBytes(StandardCharsets.UTF_8);
        byte[] frame = frame(0, header, new byte[0]);

        assertThat(encode(command)).isEqualTo(frame);
        assertThat(decode(frame)).isEqualTo(command);
        assertThat(command.isResponse()).isTrue();
        assertThat(command.isOneway()).isFalse();
    }

    @Test
    void jsonHeaderInFastjsonOrderWithUnknownFieldsAndNonStringValuesIsRead() throws IOException {
        byte[] header = ("{\"code\":105,\"extFields\":{\"topic\":\"T\",\"acceptStandardJsonOnly\":true,\"n\":5},"
                + "\"flag\":2,\"language\":\"GO\",\"opaque\":11,\"serializeTypeCurrentRPC\":\"JSON\",\"version\":479,"
                + "\"somethingNew\":[1,2]}").getBytes(StandardCharsets.UTF_8);

        RemotingCommand command = decode(frame(0, header, new byte[0]));

        assertThat(command.code()).isEqualTo(105);
        assertThat(command.language()).isEqualTo(LanguageCode.GO);
        assertThat(command.version()).isEqualTo(479);
        assertThat(command.opaque()).isEqualTo(11);
        assertThat(command.isOneway()).isTrue();
        assertThat(command.extFields()).containsEntry("topic", "T").containsEntry("acceptStandardJsonOnly", "true")
                .containsEntry("n", "5");
        assertThat(command.body()).isEmpty();
    }

    @Test
    void binaryHeaderRoundTripsByteForByte() throws IOException {
        RemotingCommand command = RemotingCommand.builder().code(103).language(LanguageCode.CPP).version(413)
                .opaque(9).flag(1).remark("ok").extField("brokerName", "broker-a").extField("brokerId", "0")
                .serializeType(SerializeType.ROCKETMQ).body(BODY).build();
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(headerBytes);
        header.writeShort(103);
        header.writeByte(1); // CPP
        header.writeShort(413);
        header.writeInt(9);
        header.writeInt(1);
        header.writeInt(2);
        header.write("ok".getBytes(StandardCharsets.UTF_8));
        header.writeInt((2 + 10 + 4 + 8) + (2 + 8 + 4 + 1));
        header.writeShort(10);
        header.write("brokerName".getBytes(StandardCharsets.UTF_8));
        header.writeInt(8);
        header.write("broker-a".getBytes(StandardCharsets.UTF_8));
        header.writeShort(8);
        header.write("brokerId".getBytes(StandardCharsets.UTF_8));
        header.writeInt(1);
        header.write("0".getBytes(StandardCharsets.UTF_8));
        byte[] frame = frame(1, headerBytes.toByteArray(), BODY);

        assertThat(encode(command)).isEqualTo(frame);
        assertThat(decode(frame)).isEqualTo(command);
    }

    @Test
    void binaryHeaderWithoutRemarkOrFieldsIsEighteenBytes() throws IOException {
        RemotingCommand command = RemotingCommand.request(106).opaque(-5).serializeType(SerializeType.ROCKETMQ)
                .build();
        ByteArrayOutputStream headerBytes = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(headerBytes);
        header.writeShort(106);
        header.writeByte(0);
        header.writeShort(401);
        header.writeInt(-5);
        header.writeInt(0);
        header.writeInt(0);
        header.writeInt(0);
        byte[] frame = frame(1, headerBytes.toByteArray(), new byte[0]);

        assertThat(headerBytes.size()).isEqualTo(21);
        assertThat(encode(command)).isEqualTo(frame);
        assertThat(decode(frame)).isEqualTo(command);
    }

    @Test
    void responseKeepsTheRequestsSerializeTypeAndOpaque() {
        RemotingCommand request = RemotingCommand.request(105).opaque(42).serializeType(SerializeType.ROCKETMQ)
                .build();

        RemotingCommand response = request.responseBuilder(0).build();

        assertThat(response.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
        assertThat(response.opaque()).isEqualTo(42);
        assertThat(response.isResponse()).isTrue();
    }

    @Test
    void frameDeliveredOneByteAtATimeIsDecodedOnce() throws IOException {
        RemotingCommand command = RemotingCommand.request(105).opaque(1).extField("topic", "T").body(BODY).build();
        byte[] frame = encode(command);
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingCommandDecoder());

        for (int i = 0; i < frame.length - 1; i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(frame, i, 1));
            Object nothing = channel.readInbound();
            assertThat(nothing).isNull();
        }
        channel.writeInbound(Unpooled.wrappedBuffer(frame, frame.length - 1, 1));

        Object decoded = channel.readInbound();
        assertThat(decoded).isEqualTo(command);
    }

    @Test
    void oversizedFrameIsRejectedFromItsLengthFieldAlone() {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingCommandDecoder(1024));
        ByteBuf lengthOnly = Unpooled.buffer().writeInt(1024).writeInt(8);

        assertThatThrownBy(() -> channel.writeInbound(lengthOnly)).isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void defaultLimitIsSixteenMebibytes() {
        EmbeddedChannel accepted = new EmbeddedChannel(new RemotingCommandDecoder());
        accepted.writeInbound(Unpooled.buffer().writeInt(16 * 1024 * 1024 - 4).writeInt(0));
        Object incomplete = accepted.readInbound();
        assertThat(incomplete).isNull();

        EmbeddedChannel rejected = new EmbeddedChannel(new RemotingCommandDecoder());
        assertThatThrownBy(() -> rejected.writeInbound(Unpooled.buffer().writeInt(16 * 1024 * 1024 - 3)))
                .isInstanceOf(TooLongFrameException.class);
    }

    @Test
    void unknownSerializeTypeIsMalformed() throws IOException {
        assertMalformed(frame(2, "{}".getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    @Test
    void headerLongerThanFrameIsMalformed() {
        ByteBuf frame = Unpooled.buffer().writeInt(8).writeInt(100).writeInt(0);
        assertMalformed(toArray(frame));
    }

    @Test
    void invalidJsonIsMalformed() throws IOException {
        assertMalformed(frame(0, "{\"code\":".getBytes(StandardCharsets.UTF_8), new byte[0]));
        assertMalformed(frame(0, "[1]".getBytes(StandardCharsets.UTF_8), new byte[0]));
        assertMalformed(frame(0, "{\"code\":\"x\"}".getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    @Test
    void truncatedBinaryHeaderIsMalformed() throws IOException {
        assertMalformed(frame(1, new byte[] {0, 105, 0}, new byte[0]));
        byte[] lyingRemark = {0, 105, 0, 1, -111, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 99, 0, 0, 0, 0};
        assertMalformed(frame(1, lyingRemark, new byte[0]));
    }

    private static void assertMalformed(byte[] frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingCommandDecoder());
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.wrappedBuffer(frame)))
                .isInstanceOf(MalformedFrameException.class);
    }

    private static byte[] frame(int serializeType, byte[] header, byte[] body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(4 + header.length + body.length);
        out.writeInt(serializeType << 24 | header.length);
        out.write(header);
        out.write(body);
        return bytes.toByteArray();
    }

    private static byte[] encode(RemotingCommand command) {
        EmbeddedChannel channel = new EmbeddedChannel(RemotingCommandEncoder.INSTANCE);
        channel.writeOutbound(command);
        return toArray(channel.readOutbound());
    }

    private static RemotingCommand decode(byte[] frame) {
        EmbeddedChannel channel = new EmbeddedChannel(new RemotingCommandDecoder());
        channel.writeInbound(Unpooled.wrappedBuffer(frame));
        RemotingCommand command = channel.readInbound();
        Object extra = channel.readInbound();
        assertThat(extra).as("exactly one command").isNull();
        return command;
    }

    private static byte[] toArray(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
