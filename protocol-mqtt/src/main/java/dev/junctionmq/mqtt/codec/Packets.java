package dev.junctionmq.mqtt.codec;

import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnAckVariableHeader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPubReplyMessageVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttReasonCodeAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;

import java.util.List;

/**
 * The control packets the broker sends, built for Netty's {@link io.netty.handler.codec.mqtt.MqttEncoder}, which
 * writes MQTT 5 reason codes and properties only on an MQTT 5 connection (the version the decoder recorded from
 * CONNECT).
 */
public final class Packets {

    /** MQTT 5 reason codes the broker sends (MQTT 5.0 §2.4). */
    public static final byte SUCCESS = 0x00;
    public static final byte NO_SUBSCRIPTION_EXISTED = 0x11;
    public static final byte UNSPECIFIED_ERROR = (byte) 0x80;
    public static final byte MALFORMED_PACKET = (byte) 0x81;
    public static final byte PROTOCOL_ERROR = (byte) 0x82;
    public static final byte IMPLEMENTATION_SPECIFIC_ERROR = (byte) 0x83;
    public static final byte NOT_AUTHORIZED = (byte) 0x87;
    public static final byte SERVER_SHUTTING_DOWN = (byte) 0x8B;
    public static final byte KEEP_ALIVE_TIMEOUT = (byte) 0x8D;
    public static final byte SESSION_TAKEN_OVER = (byte) 0x8E;
    public static final byte TOPIC_FILTER_INVALID = (byte) 0x8F;
    public static final byte TOPIC_NAME_INVALID = (byte) 0x90;
    public static final byte PACKET_IDENTIFIER_NOT_FOUND = (byte) 0x92;
    public static final byte RECEIVE_MAXIMUM_EXCEEDED = (byte) 0x93;
    public static final byte TOPIC_ALIAS_INVALID = (byte) 0x94;
    public static final byte PACKET_TOO_LARGE = (byte) 0x95;
    public static final byte QUOTA_EXCEEDED = (byte) 0x97;
    public static final byte SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = (byte) 0x9E;
    /** MQTT 3.1.1 SUBACK failure return code. */
    public static final int SUBACK_FAILURE_V3 = 0x80;

    private Packets() {
    }

    public static MqttConnAckMessage connAck(MqttConnectReturnCode code, boolean sessionPresent,
                                             MqttProperties properties) {
        return new MqttConnAckMessage(new MqttFixedHeader(MqttMessageType.CONNACK, false, MqttQoS.AT_MOST_ONCE, false,
                0), new MqttConnAckVariableHeader(code, sessionPresent, properties));
    }

    /** PUBACK, PUBREC, PUBREL or PUBCOMP. */
    public static MqttMessage pubReply(MqttMessageType type, int packetId, byte reasonCode) {
        MqttQoS qos = type == MqttMessageType.PUBREL ? MqttQoS.AT_LEAST_ONCE : MqttQoS.AT_MOST_ONCE;
        return new MqttMessage(new MqttFixedHeader(type, false, qos, false, 0),
                new MqttPubReplyMessageVariableHeader(packetId, reasonCode, MqttProperties.NO_PROPERTIES));
    }

    public static MqttSubAckMessage subAck(int packetId, List<Integer> codes) {
        return new MqttSubAckMessage(new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttSubAckPayload(codes));
    }

    /** @param codes MQTT 5 reason codes; ignored (not written) on MQTT 3.1.1 */
    public static MqttUnsubAckMessage unsubAck(int packetId, List<Short> codes) {
        return new MqttUnsubAckMessage(new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE,
                false, 0), new MqttMessageIdAndPropertiesVariableHeader(packetId, MqttProperties.NO_PROPERTIES),
                new MqttUnsubAckPayload(codes));
    }

    public static MqttMessage pingResp() {
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.PINGRESP, false, MqttQoS.AT_MOST_ONCE, false, 0));
    }

    /** MQTT 5 server DISCONNECT with a reason code and, when given, a reason string. */
    public static MqttMessage disconnect(byte reasonCode, String reason) {
        MqttProperties properties = MqttProperties.NO_PROPERTIES;
        if (reason != null) {
            properties = new MqttProperties();
            properties.add(new MqttProperties.StringProperty(
                    MqttProperties.MqttPropertyType.REASON_STRING.value(), reason));
        }
        return new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE, false, 0),
                new MqttReasonCodeAndPropertiesVariableHeader(reasonCode, properties));
    }
}
