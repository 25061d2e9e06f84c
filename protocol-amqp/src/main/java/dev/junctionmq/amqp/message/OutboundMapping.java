package dev.junctionmq.amqp.message;

import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.PropertyTypes;
import dev.junctionmq.broker.engine.message.SystemProperties;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.codec.WritableBuffer;

import java.nio.BufferOverflowException;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stored message → the AMQP message a consumer receives (docs/protocol-mapping.md, "AMQP 1.0"). A message that
 * came in over AMQP is rebuilt from its stored section bytes, so its bare message is byte-identical to what the
 * producer sent; only the header (durable, priority, delivery-count) is written fresh. A message from another
 * protocol gets properties and application-properties from its stored properties and one data section holding its
 * body bytes.
 */
public final class OutboundMapping {

    private static final byte[] NONE = new byte[0];

    private OutboundMapping() {
    }

    /**
     * @param deliveryCount the engine's count (1 on the first delivery); AMQP's delivery-count is failed attempts
     * @param encoder       not thread-safe: one per connection
     */
    public static byte[] encode(Message message, int deliveryCount, EncoderImpl encoder) {
        return encode(new Stored(message.properties(), message.bodyUnsafe(), message.messageId(),
                message.expiresAt(), message.bornTimestamp()), deliveryCount, encoder);
    }

    /** What of a stored message the mapping reads (kept apart from {@link Message} so it can be unit tested). */
    public record Stored(Map<String, String> properties, byte[] body, String messageId, long expiresAt,
                         long bornTimestamp) {

        String property(String name) {
            return properties.get(name);
        }

        byte[] bodyUnsafe() {
            return body;
        }
    }

    public static byte[] encode(Stored message, int deliveryCount, EncoderImpl encoder) {
        byte[] header = encodeSection(header(message, deliveryCount), encoder, 64);
        String body = message.property(StoredAmqp.BODY);
        int colon = body == null ? -1 : body.indexOf(':');
        if (colon >= 0) {
            String sections = message.property(StoredAmqp.SECTIONS);
            return concat(header, sections == null ? NONE : Base64.getDecoder().decode(sections),
                    Base64.getDecoder().decode(body.substring(colon + 1)), message.bodyUnsafe());
        }
        byte[] properties = encodeSection(properties(message), encoder, 512);
        Map<String, Object> application = applicationProperties(message);
        byte[] applicationSection = application.isEmpty() ? NONE
                : encodeSection(new ApplicationProperties(application), encoder, 1024);
        byte[] data = encodeSection(new Data(new Binary(message.bodyUnsafe())), encoder,
                message.bodyUnsafe().length + 16);
        return concat(header, properties, applicationSection, data);
    }

    /**
     * The sections one after the other, in one array of the exact size: a message is copied once here (a growing
     * buffer and its final copy cost three times the message in garbage per delivery, measured with JFR).
     */
    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] encoded = new byte[length];
        int position = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, encoded, position, part.length);
            position += part.length;
        }
        return encoded;
    }

    static Header header(Stored message, int deliveryCount) {
        Header header = new Header();
        header.setDurable(!"NON_PERSISTENT".equals(message.property(StoredAmqp.DELIVERY_MODE)));
        String priority = message.property(StoredAmqp.PRIORITY);
        if (priority != null) {
            try {
                int value = Integer.parseInt(priority.trim());
                if (value >= 0 && value <= 255) {
                    header.setPriority(UnsignedByte.valueOf((byte) value));
                }
            } catch (NumberFormatException e) {
                // not a priority: left at the default (4)
            }
        }
        if (deliveryCount > 1) {
            header.setDeliveryCount(UnsignedInteger.valueOf(deliveryCount - 1L));
        }
        return header;
    }

    static Properties properties(Stored message) {
        Properties properties = new Properties();
        properties.setMessageId(message.messageId());
        properties.setCorrelationId(message.property(StoredAmqp.CORRELATION_ID));
        properties.setSubject(message.property(StoredAmqp.TYPE));
        properties.setReplyTo(message.property(StoredAmqp.REPLY_TO));
        String contentType = message.property(StoredAmqp.CONTENT_TYPE);
        if (contentType != null) {
            properties.setContentType(Symbol.valueOf(contentType));
        }
        if (message.expiresAt() > 0) {
            properties.setAbsoluteExpiryTime(new Date(message.expiresAt()));
        }
        if (message.bornTimestamp() > 0) {
            properties.setCreationTime(new Date(message.bornTimestamp()));
        }
        return properties;
    }

    /**
     * Every property but the broker's and the mapped ones, with the type its producer gave it when the message
     * carries types (a typed property of another front end, see PropertyTypes in the engine), else as a string.
     */
    static Map<String, Object> applicationProperties(Stored message) {
        Map<String, Character> types = PropertyTypes.decode(message.property(PropertyTypes.PROPERTY));
        Map<String, Object> application = new LinkedHashMap<>();
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            String name = property.getKey();
            if (!SystemProperties.isSystem(name) && !StoredAmqp.MAPPED_PROPERTIES.contains(name)) {
                Character type = types.get(name);
                application.put(name, type == null ? property.getValue()
                        : PropertyTypes.typedValue(property.getValue(), type));
            }
        }
        return application;
    }

    private static byte[] encodeSection(Object section, EncoderImpl encoder, int sizeHint) {
        int size = Math.max(64, sizeHint);
        while (true) {
            WritableBuffer.ByteBufferWrapper buffer = WritableBuffer.ByteBufferWrapper.allocate(size);
            try {
                encoder.setByteBuffer(buffer);
                encoder.writeObject(section);
                byte[] encoded = new byte[buffer.position()];
                buffer.byteBuffer().flip();
                buffer.byteBuffer().get(encoded);
                return encoded;
            } catch (BufferOverflowException | IndexOutOfBoundsException e) {
                size *= 2;
            } finally {
                encoder.setByteBuffer((WritableBuffer) null);
            }
        }
    }
}
