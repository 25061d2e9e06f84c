/**
 * The MQTT 3.1.1 and 5.0 front end (TCP and WebSocket). Not implemented yet: it plugs into the broker
 * through the front-end SPI once the engine lands.
 */
package dev.junctionmq.mqtt;
