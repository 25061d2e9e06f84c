package dev.junctionmq.amqp.message;

import dev.junctionmq.broker.engine.message.EngineProperties;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.message.PropertyTypes;
import dev.junctionmq.broker.engine.message.SystemProperties;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedShort;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.Properties;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/**
 * An AMQP message received from a producer → the message the engine stores (docs/protocol-mapping.md, "AMQP 1.0":
 * the table is implemented here and nowhere else). The body is the application payload (a data section's binary,
 * an amqp-value string's UTF-8 bytes); the exact section bytes are kept in {@link StoredAmqp#BODY} and
 * {@link StoredAmqp#SECTIONS}; header and properties fields and application properties are also copied into plain
 * properties, so selectors and other protocols see them.
 */
public final class InboundMapping {

    /** Message annotations of Qpid JMS and Artemis for delayed delivery (absolute time / delay, in ms). */
    static final Symbol DELIVERY_TIME = Symbol.valueOf("x-opt-delivery-time");
    static final Symbol DELIVERY_DELAY = Symbol.valueOf("x-opt-delivery-delay");

    private InboundMapping() {
    }

    /** @param origin the connection's id, stored as {@link StoredAmqp#ORIGIN} (for no-local) */
    public static OutgoingMessage toOutgoing(String topic, AmqpSections sections, long now,
                                             InetSocketAddress bornHost, String origin) {
        Body body = body(sections);
        OutgoingMessage.Builder message = OutgoingMessage.builder(topic).body(body.payload());
        message.property(StoredAmqp.BODY, body.kind());
        message.property(StoredAmqp.ORIGIN, origin);
        if (sections.annotatedHead().length > 0) {
            message.property(StoredAmqp.SECTIONS, Base64.getEncoder().encodeToString(sections.annotatedHead()));
        }
        Header header = sections.header();
        if (header != null) {
            if (header.getPriority() != null) {
                message.property(StoredAmqp.PRIORITY, Integer.toString(header.getPriority().intValue()));
            }
            // AMQP 1.0 part 3, 3.2.1: durable defaults to false
            message.property(StoredAmqp.DELIVERY_MODE,
                    Boolean.TRUE.equals(header.getDurable()) ? "PERSISTENT" : "NON_PERSISTENT");
        } else {
            message.property(StoredAmqp.DELIVERY_MODE, "NON_PERSISTENT");
        }
        long expiresAt = 0;
        Properties properties = sections.properties();
        Object messageId = properties == null ? null : properties.getMessageId();
        String jmsMessageId = JmsMessageIds.recorded(messageId);
        if (jmsMessageId != null) {
            message.property(EngineProperties.JMS_MESSAGE_ID, jmsMessageId);
        }
        if (properties != null) {
            putIfStorable(message, "UNIQ_KEY", idText(messageId));
            if (properties.getCreationTime() != null && properties.getCreationTime().getTime() > 0) {
                message.bornTimestamp(properties.getCreationTime().getTime()); // Qpid JMS: JMSTimestamp
            }
            putIfStorable(message, StoredAmqp.CORRELATION_ID, idText(properties.getCorrelationId()));
            putIfStorable(message, StoredAmqp.TYPE, properties.getSubject());
            putIfStorable(message, StoredAmqp.REPLY_TO, properties.getReplyTo());
            if (properties.getContentType() != null) {
                putIfStorable(message, StoredAmqp.CONTENT_TYPE, properties.getContentType().toString());
            }
            if (properties.getAbsoluteExpiryTime() != null && properties.getAbsoluteExpiryTime().getTime() > 0) {
                expiresAt = properties.getAbsoluteExpiryTime().getTime();
            }
        }
        if (expiresAt == 0 && header != null && header.getTtl() != null && header.getTtl().longValue() > 0) {
            expiresAt = now + header.getTtl().longValue();
        }
        if (expiresAt > 0) {
            message.expiresAt(expiresAt);
        }
        long deliverAt = deliverAt(sections, now);
        if (deliverAt > now) {
            message.deliverAt(deliverAt);
        }
        if (sections.applicationProperties() != null && sections.applicationProperties().getValue() != null) {
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) sections.applicationProperties().getValue()).entrySet()) {
                if (!(entry.getKey() instanceof String name) || entry.getValue() == null
                        || entry.getValue() instanceof Binary || SystemProperties.isSystem(name)
                        || StoredAmqp.MAPPED_PROPERTIES.contains(name) || name.isEmpty()) {
                    continue; // still delivered over AMQP, from the stored sections
                }
                putApplicationProperty(message, name, entry.getValue());
            }
        }
        if (bornHost != null) {
            message.bornHost(bornHost);
        }
        return message.build();
    }

    private static long deliverAt(AmqpSections sections, long now) {
        if (sections.messageAnnotations() == null || sections.messageAnnotations().getValue() == null) {
            return 0;
        }
        Map<Symbol, Object> annotations = sections.messageAnnotations().getValue();
        Object time = annotations.get(DELIVERY_TIME);
        if (time instanceof Date date) {
            return date.getTime();
        }
        if (time instanceof Number number) {
            return number.longValue();
        }
        Object delay = annotations.get(DELIVERY_DELAY);
        if (delay instanceof Number number && number.longValue() > 0) {
            return now + number.longValue();
        }
        return 0;
    }

    /**
     * An application property keeps its type (PropertyTypes in the engine) when it is one a selector compares by
     * type: the Jakarta Messaging property types, and AMQP's unsigned integers widened to the next signed type
     * (ubyte → short, ushort → int, uint → long; AMQP 1.0 part 1, 1.6). Everything else (ulong, char, timestamp,
     * uuid, symbol, decimals) is stored as its text, as strings are.
     */
    private static void putApplicationProperty(OutgoingMessage.Builder message, String name, Object value) {
        Object typed = value;
        if (value instanceof UnsignedByte unsigned) {
            typed = unsigned.shortValue();
        } else if (value instanceof UnsignedShort unsigned) {
            typed = unsigned.intValue();
        } else if (value instanceof UnsignedInteger unsigned) {
            typed = unsigned.longValue();
        }
        if (PropertyTypes.isTyped(typed)) {
            if (storable(name)) {
                message.typedProperty(name, typed);
            }
        } else {
            putIfStorable(message, name, String.valueOf(value));
        }
    }

    /** RocketMQ stores properties as {@code name U+0001 value U+0002}: values holding those stay AMQP-only. */
    private static void putIfStorable(OutgoingMessage.Builder message, String name, String value) {
        if (value != null && storable(name) && storable(value)) {
            message.property(name, value);
        }
    }

    private static boolean storable(String text) {
        return text.indexOf('\u0001') < 0 && text.indexOf('\u0002') < 0;
    }

    private static String idText(Object id) {
        if (id == null) {
            return null;
        }
        if (id instanceof Binary binary) {
            return Base64.getEncoder().encodeToString(Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(),
                    binary.getArrayOffset() + binary.getLength()));
        }
        return id.toString();
    }

    record Body(String kind, byte[] payload) {
    }

    /** The payload and how to rebuild the body sections from it, byte for byte. */
    static Body body(AmqpSections sections) {
        byte[] raw = sections.rawBody();
        if (sections.bodySections().size() == 1) {
            Object section = sections.bodySections().get(0);
            byte[] payload = null;
            String kind = null;
            if (section instanceof Data data && data.getValue() != null) {
                Binary binary = data.getValue();
                // Proton decodes a data section into an array of its own: taken as it is, not copied again
                payload = binary.getArrayOffset() == 0 && binary.getLength() == binary.getArray().length
                        ? binary.getArray() : Arrays.copyOfRange(binary.getArray(), binary.getArrayOffset(),
                        binary.getArrayOffset() + binary.getLength());
                kind = "data";
            } else if (section instanceof AmqpValue value && value.getValue() instanceof String text) {
                payload = text.getBytes(StandardCharsets.UTF_8);
                kind = "string";
            } else if (section instanceof AmqpValue value && value.getValue() == null) {
                payload = new byte[0];
                kind = "empty";
            }
            if (payload != null && payload.length <= raw.length
                    && Arrays.equals(raw, raw.length - payload.length, raw.length, payload, 0, payload.length)) {
                byte[] prefix = Arrays.copyOf(raw, raw.length - payload.length);
                return new Body(kind + ":" + Base64.getEncoder().encodeToString(prefix), payload);
            }
        }
        return new Body("sections:", raw);
    }
}
