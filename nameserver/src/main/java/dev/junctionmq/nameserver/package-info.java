/**
 * The name server: a route registry that brokers register with and clients ask for topic routes.
 * Not implemented yet; a standalone broker will embed it (see the engine and name-server issues).
 */
package dev.junctionmq.nameserver;
