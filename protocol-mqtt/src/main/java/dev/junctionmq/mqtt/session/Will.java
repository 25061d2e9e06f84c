package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.security.Action;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.mqtt.message.MessageMapping;
import dev.junctionmq.mqtt.retain.RetainedMessage;
import dev.junctionmq.mqtt.subscription.FilterRouting;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The will message of a connection (MQTT 3.1.1 §3.1.2.5, MQTT 5.0 §3.1.3.2): published when the network
 * connection closes without a normal DISCONNECT; MQTT 5 may delay it ({@code delaySeconds}) and cancels it if the
 * session is resumed before then.
 */
record Will(String topic, byte[] payload, MqttQoS qos, boolean retain, MqttProperties properties, long delaySeconds) {

    private static final Logger log = LoggerFactory.getLogger(Will.class);

    /**
     * Publishes the will in a broker session of its own, authorized for the client's principal (and retains it if
     * asked); called on the session thread.
     */
    void publish(MqttContext context, BrokerPrincipal principal, String clientId, String remote) {
        try (BrokerSession willSession = context.services().openTrustedSession(clientId, remote)) {
            context.services().auth().authorize(principal, Action.SEND, topic);
            MessageMapping.Inbound inbound = MessageMapping.toOutgoing(FilterRouting.PUBLISH_TOPIC, topic, qos,
                    retain, Unpooled.wrappedBuffer(payload), properties, clientId, null);
            willSession.send(inbound.message());
            if (retain) {
                context.retained().retain(new RetainedMessage(topic, qos.value(), inbound.message().body(),
                        inbound.message().properties(), inbound.message().expiresAt()));
            }
            log.info("MQTT client {}: will published to '{}'", clientId, topic);
        } catch (RuntimeException e) {
            log.warn("MQTT client {}: will to '{}' not published: {}", clientId, topic, e.toString());
        }
    }
}
