package dev.junctionmq.mqtt.message;

import java.util.Set;

/**
 * Core message properties the MQTT front end writes and reads (docs/protocol-mapping.md, "MQTT"). MQTT 5 user
 * properties are stored as properties of their own name; the MQTT 5 content type is the {@code content-type}
 * property, the same one STOMP uses.
 */
public final class StoredProperties {

    /** The MQTT topic name, kept whole. */
    public static final String TOPIC = "MQTT_TOPIC";
    /** The QoS the message was published with (0, 1, 2). */
    public static final String QOS = "MQTT_QOS";
    /** "true" when the message was published with RETAIN set (for MQTT 5 "retain as published"). */
    public static final String RETAIN = "MQTT_RETAIN";
    /** The client id of the publisher (for MQTT 5 "no local"). */
    public static final String CLIENT_ID = "MQTT_CLIENT_ID";
    /** MQTT 5 payload format indicator (1 = UTF-8 text). */
    public static final String PAYLOAD_FORMAT = "MQTT_PAYLOAD_FORMAT";
    /** MQTT 5 response topic. */
    public static final String RESPONSE_TOPIC = "MQTT_RESPONSE_TOPIC";
    /** MQTT 5 correlation data, Base64. */
    public static final String CORRELATION_DATA = "MQTT_CORRELATION_DATA";
    /** MQTT 5 content type, shared with STOMP's header of the same name. */
    public static final String CONTENT_TYPE = "content-type";

    /** Properties MQTT itself maps; never shown as MQTT 5 user properties. */
    static final Set<String> MQTT_OWN = Set.of(TOPIC, QOS, RETAIN, CLIENT_ID, PAYLOAD_FORMAT, RESPONSE_TOPIC,
            CORRELATION_DATA, CONTENT_TYPE);

    private StoredProperties() {
    }
}
