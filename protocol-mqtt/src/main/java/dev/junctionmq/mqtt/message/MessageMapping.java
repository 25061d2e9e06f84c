package dev.junctionmq.mqtt.message;

import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.message.SystemProperties;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The MQTT PUBLISH ↔ core message table (docs/protocol-mapping.md, "MQTT"). The payload bytes are stored and
 * delivered exactly as published, whichever protocol reads them. MQTT 5 properties map to core properties
 * ({@link StoredProperties}); user properties become properties of their own name (a repeated name keeps its last
 * value), and every non-system property of a message from another protocol (a STOMP header, a JMS property) is
 * shown to MQTT 5 subscribers as a user property.
 */
public final class MessageMapping {

    private MessageMapping() {
    }

    /** What an inbound PUBLISH becomes, or why it cannot be stored. */
    public record Inbound(OutgoingMessage message, String problem) {
    }

    /**
     * @param topicName the PUBLISH's topic (after topic-alias resolution)
     * @param payload   the payload bytes (copied)
     */
    public static Inbound toOutgoing(String coreTopic, String topicName, MqttQoS qos, boolean retain, ByteBuf payload,
                                     MqttProperties properties, String clientId, SocketAddress bornHost) {
        OutgoingMessage.Builder message = OutgoingMessage.builder(coreTopic)
                .body(ByteBufUtil.getBytes(payload))
                .property(StoredProperties.TOPIC, topicName)
                .property(StoredProperties.QOS, Integer.toString(qos.value()))
                .property(StoredProperties.CLIENT_ID, clientId);
        if (retain) {
            message.property(StoredProperties.RETAIN, "true");
        }
        if (bornHost instanceof InetSocketAddress inet) {
            message.bornHost(inet);
        }
        if (properties != null && !properties.isEmpty()) {
            String problem = mapProperties(properties, message);
            if (problem != null) {
                return new Inbound(null, problem);
            }
        }
        return new Inbound(message.build(), null);
    }

    private static String mapProperties(MqttProperties properties, OutgoingMessage.Builder message) {
        MqttProperties.MqttProperty<?> format = properties.getProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value());
        if (format != null) {
            message.property(StoredProperties.PAYLOAD_FORMAT, String.valueOf(format.value()));
        }
        MqttProperties.MqttProperty<?> expiry = properties.getProperty(
                MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value());
        if (expiry != null) {
            // MQTT 5.0 §3.3.2.3.3: the message is not delivered once the interval has passed
            long seconds = Integer.toUnsignedLong((Integer) expiry.value());
            message.expiresAt(System.currentTimeMillis() + seconds * 1000);
        }
        String contentType = string(properties, MqttPropertyType.CONTENT_TYPE);
        if (contentType != null) {
            message.property(StoredProperties.CONTENT_TYPE, storable(contentType));
        }
        String responseTopic = string(properties, MqttPropertyType.RESPONSE_TOPIC);
        if (responseTopic != null) {
            message.property(StoredProperties.RESPONSE_TOPIC, storable(responseTopic));
        }
        MqttProperties.MqttProperty<?> correlation = properties.getProperty(
                MqttPropertyType.CORRELATION_DATA.value());
        if (correlation != null) {
            message.property(StoredProperties.CORRELATION_DATA,
                    Base64.getEncoder().encodeToString((byte[]) correlation.value()));
        }
        for (MqttProperties.MqttProperty<?> user : properties.getProperties(MqttPropertyType.USER_PROPERTY.value())) {
            // Netty holds user properties either one by one (decoded) or as a list (built)
            List<?> pairs = user.value() instanceof List<?> list ? list : List.of(user.value());
            for (Object item : pairs) {
                MqttProperties.StringPair pair = (MqttProperties.StringPair) item;
                if (pair.key.isEmpty() || SystemProperties.isSystem(pair.key)
                        || StoredProperties.MQTT_OWN.contains(pair.key)) {
                    continue; // the broker's own properties are set by the broker only
                }
                message.property(storable(pair.key), storable(pair.value));
            }
        }
        return null;
    }

    /** Property names and values are stored separated by U+0001 and U+0002 (RocketMQ's format): replace those. */
    private static String storable(String text) {
        return text.replace('\u0001', '\uFFFD').replace('\u0002', '\uFFFD');
    }

    private static String string(MqttProperties properties, MqttPropertyType type) {
        MqttProperties.MqttProperty<?> property = properties.getProperty(type.value());
        return property == null ? null : (String) property.value();
    }

    /** The MQTT topic a core message is shown under: its {@code MQTT_TOPIC}, else the topic it was sent to. */
    public static String topicOf(Message message) {
        String topic = message.property(StoredProperties.TOPIC);
        return topic != null ? topic : message.sentTopic();
    }

    /** The QoS a message was published with; a message from another protocol counts as QoS 1 (stored, acked). */
    public static int publishedQos(Message message) {
        String qos = message.property(StoredProperties.QOS);
        if (qos == null) {
            return 1;
        }
        return switch (qos) {
            case "0" -> 0;
            case "2" -> 2;
            default -> 1;
        };
    }

    /** The client id that published it, or null (other protocols). */
    public static String publisherOf(Message message) {
        return message.property(StoredProperties.CLIENT_ID);
    }

    public static boolean publishedRetained(Message message) {
        return "true".equals(message.property(StoredProperties.RETAIN));
    }

    /** The MQTT 5 properties a stored message is delivered with. */
    private static MqttProperties mqtt5Properties(Map<String, String> stored, long expiresAt,
                                                  List<Integer> subscriptionIds) {
        MqttProperties properties = new MqttProperties();
        String format = stored.get(StoredProperties.PAYLOAD_FORMAT);
        if (format != null) {
            properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.PAYLOAD_FORMAT_INDICATOR.value(),
                    "1".equals(format) ? 1 : 0));
        }
        if (expiresAt > 0) {
            // MQTT 5.0 §3.3.2.3.3: the interval the subscriber sees is what is left of it
            long left = Math.max(1, (expiresAt - System.currentTimeMillis() + 999) / 1000);
            properties.add(new MqttProperties.IntegerProperty(
                    MqttPropertyType.PUBLICATION_EXPIRY_INTERVAL.value(), (int) Math.min(left, 0xFFFF_FFFFL)));
        }
        String contentType = stored.get(StoredProperties.CONTENT_TYPE);
        if (contentType != null) {
            properties.add(new MqttProperties.StringProperty(MqttPropertyType.CONTENT_TYPE.value(), contentType));
        }
        String responseTopic = stored.get(StoredProperties.RESPONSE_TOPIC);
        if (responseTopic != null) {
            properties.add(new MqttProperties.StringProperty(MqttPropertyType.RESPONSE_TOPIC.value(),
                    responseTopic));
        }
        String correlation = stored.get(StoredProperties.CORRELATION_DATA);
        if (correlation != null) {
            try {
                properties.add(new MqttProperties.BinaryProperty(MqttPropertyType.CORRELATION_DATA.value(),
                        Base64.getDecoder().decode(correlation)));
            } catch (IllegalArgumentException e) {
                // not ours (another protocol set it): not shown
            }
        }
        MqttProperties.UserProperties user = new MqttProperties.UserProperties();
        for (Map.Entry<String, String> property : stored.entrySet()) {
            String name = property.getKey();
            if (!SystemProperties.isSystem(name) && !StoredProperties.MQTT_OWN.contains(name)) {
                user.add(name, property.getValue());
            }
        }
        if (!user.value().isEmpty()) {
            properties.add(user);
        }
        for (int id : subscriptionIds) {
            properties.add(new MqttProperties.IntegerProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(),
                    id));
        }
        return properties;
    }

    /**
     * An upper bound of the encoded size of the PUBLISH {@link #toPublish} builds, to hold it against a client's
     * Maximum Packet Size (MQTT 5.0 §3.1.2.11.4).
     */
    public static long publishSizeUpperBound(String topicName, byte[] body, Map<String, String> stored,
                                             long expiresAt, List<Integer> subscriptionIds, boolean mqtt5) {
        long size = 5 + 2 + (long) topicName.getBytes(StandardCharsets.UTF_8).length + 2 + body.length;
        if (mqtt5) {
            size += 4;
            for (MqttProperties.MqttProperty<?> property : mqtt5Properties(stored, expiresAt, subscriptionIds)
                    .listAll()) {
                Object value = property.value();
                if (value instanceof String text) {
                    size += 3 + text.getBytes(StandardCharsets.UTF_8).length;
                } else if (value instanceof byte[] bytes) {
                    size += 3 + bytes.length;
                } else if (value instanceof List<?> pairs) {
                    for (Object pair : pairs) {
                        MqttProperties.StringPair p = (MqttProperties.StringPair) pair;
                        size += 5 + p.key.getBytes(StandardCharsets.UTF_8).length
                                + p.value.getBytes(StandardCharsets.UTF_8).length;
                    }
                } else {
                    size += 5;
                }
            }
        }
        return size;
    }

    /**
     * A PUBLISH for a subscriber.
     *
     * @param packetId        0 for QoS 0
     * @param subscriptionIds MQTT 5 subscription identifiers to show (empty for none)
     * @param mqtt5           whether to carry MQTT 5 properties
     */
    public static MqttPublishMessage toPublish(String topicName, byte[] body, Map<String, String> stored,
                                               long expiresAt, int qos, boolean retain, boolean dup, int packetId,
                                               List<Integer> subscriptionIds, boolean mqtt5) {
        MqttProperties properties = mqtt5 ? mqtt5Properties(stored, expiresAt, subscriptionIds)
                : MqttProperties.NO_PROPERTIES;
        MqttFixedHeader header = new MqttFixedHeader(MqttMessageType.PUBLISH, dup, MqttQoS.valueOf(qos), retain, 0);
        return new MqttPublishMessage(header, new MqttPublishVariableHeader(topicName, packetId, properties),
                Unpooled.wrappedBuffer(body));
    }
}
