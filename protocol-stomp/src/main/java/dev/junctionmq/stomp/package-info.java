/**
 * The STOMP 1.0-1.2 front end (TCP and WebSocket). Not implemented yet: it plugs into the broker through
 * the front-end SPI once the engine lands.
 */
package dev.junctionmq.stomp;
