package dev.junctionmq.remoting;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * RocketMQ's binary header (ANCHORS §1.17), all integers big-endian:
 *
 * <pre>
 * code int16 | language int8 | version int16 | opaque int32 | flag int32
 * | remarkLength int32 | remark UTF-8
 * | extFieldsLength int32 | { keyLength int16 | key UTF-8 | valueLength int32 | value UTF-8 }*
 * </pre>
 *
 * A null remark and empty extFields are written as length 0; a zero-length remark reads back as null.
 */
final class RocketMqHeaderCodec implements HeaderCodec {

    static final RocketMqHeaderCodec INSTANCE = new RocketMqHeaderCodec();

    /** code + language + version + opaque + flag + remark length + extFields length. */
    private static final int FIXED_LENGTH = 2 + 1 + 2 + 4 + 4 + 4 + 4;

    private RocketMqHeaderCodec() {
    }

    @Override
    public byte[] encode(RemotingCommand command) {
        byte[] remark = command.remark() == null ? new byte[0] : command.remark().getBytes(StandardCharsets.UTF_8);
        int fieldsLength = 0;
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            fieldsLength += 2 + utf8Length(field.getKey()) + 4 + utf8Length(field.getValue());
        }
        ByteBuffer out = ByteBuffer.allocate(FIXED_LENGTH + remark.length + fieldsLength);
        out.putShort((short) command.code());
        out.put(command.language().code());
        out.putShort((short) command.version());
        out.putInt(command.opaque());
        out.putInt(command.flag());
        out.putInt(remark.length).put(remark);
        out.putInt(fieldsLength);
        for (Map.Entry<String, String> field : command.extFields().entrySet()) {
            byte[] key = field.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = field.getValue().getBytes(StandardCharsets.UTF_8);
            if (key.length > Short.MAX_VALUE) {
                throw new IllegalArgumentException("extFields key longer than 32767 bytes: " + field.getKey());
            }
            out.putShort((short) key.length).put(key);
            out.putInt(value.length).put(value);
        }
        return out.array();
    }

    @Override
    public RemotingCommand.Builder decode(byte[] header) {
        ByteBuffer in = ByteBuffer.wrap(header);
        try {
            RemotingCommand.Builder builder = RemotingCommand.builder()
                    .code(in.getShort())
                    .language(LanguageCode.ofCode(in.get()))
                    .version(in.getShort())
                    .opaque(in.getInt())
                    .flag(in.getInt());
            int remarkLength = length(in, in.getInt(), "remark");
            builder.remark(remarkLength == 0 ? null : string(in, remarkLength));
            int fieldsLength = length(in, in.getInt(), "extFields");
            int fieldsEnd = in.position() + fieldsLength;
            while (in.position() < fieldsEnd) {
                String key = string(in, length(in, in.getShort(), "extFields key"));
                String value = string(in, length(in, in.getInt(), "extFields value"));
                builder.extField(key, value);
            }
            if (in.position() != fieldsEnd || in.hasRemaining()) {
                throw new MalformedFrameException("binary header has " + (header.length - fieldsEnd)
                        + " bytes after the extFields it announced");
            }
            return builder;
        } catch (BufferUnderflowException e) {
            throw new MalformedFrameException("binary header is truncated (" + header.length + " bytes)", e);
        }
    }

    private static int length(ByteBuffer in, int length, String what) {
        if (length < 0 || length > in.remaining()) {
            throw new MalformedFrameException("binary header " + what + " length " + length + " exceeds the "
                    + in.remaining() + " bytes left");
        }
        return length;
    }

    private static String string(ByteBuffer in, int length) {
        String value = new String(in.array(), in.position(), length, StandardCharsets.UTF_8);
        in.position(in.position() + length);
        return value;
    }

    private static int utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
