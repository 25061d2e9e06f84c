package dev.junctionmq.mqtt.session;

import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.mqtt.retain.RetainedMessages;

/** What every MQTT connection of the front end shares. */
public record MqttContext(BrokerServices services, MqttSettings settings, SessionRegistry sessions,
                          RetainedMessages retained, SharedSubscriptions shared) {
}
