package dev.junctionmq.amqp.message;

import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;

/** One Proton-J decoder and encoder pair. Not thread-safe: each connection owns one, used on its event loop. */
public final class AmqpCodec {

    private final DecoderImpl decoder = new DecoderImpl();
    private final EncoderImpl encoder = new EncoderImpl(decoder);

    public AmqpCodec() {
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
    }

    public DecoderImpl decoder() {
        return decoder;
    }

    public EncoderImpl encoder() {
        return encoder;
    }
}
