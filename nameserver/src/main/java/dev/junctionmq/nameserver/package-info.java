/**
 * The name server (ANCHORS §1.16): an in-memory route registry that brokers register with and clients ask for topic
 * routes, over the RocketMQ remoting protocol ({@code dev.junctionmq.remoting}).
 *
 * <p>{@link dev.junctionmq.nameserver.NameServer} owns the Netty server and the expiry timer;
 * {@link dev.junctionmq.nameserver.RequestDispatcher} routes each request code to one
 * {@link dev.junctionmq.nameserver.RequestProcessor}; {@link dev.junctionmq.nameserver.route.RouteTable} holds the
 * state. Concurrency: processors run on the Netty event loops and the route table takes one lock per operation (all
 * operations are short, in-memory map updates); the expiry scan runs on a single scheduler thread.
 */
package dev.junctionmq.nameserver;
