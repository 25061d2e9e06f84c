/**
 * The Jakarta Messaging 3.1 provider jar (client side) on the native protocol. Not implemented yet.
 */
package dev.junctionmq.jms;
