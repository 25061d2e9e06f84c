package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.mqtt.retain.RetainedMessages;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every MQTT connection of the front end shares.
 *
 * @param stopping set when the broker shuts down: connections it closes then publish no will (the client did
 *                 nothing wrong) and MQTT 5 clients are told 0x8B "server shutting down"
 */
public record MqttContext(BrokerServices services, MqttSettings settings, SessionRegistry sessions,
                          RetainedMessages retained, SharedSubscriptions shared, AtomicBoolean stopping) {
}
