/**
 * The AMQP 1.0 front end on Apache Qpid Proton-J. Not implemented yet: it plugs into the broker through
 * the front-end SPI once the engine lands.
 */
package dev.junctionmq.amqp;
