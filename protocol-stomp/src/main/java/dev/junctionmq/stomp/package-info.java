/**
 * The STOMP 1.0-1.2 front end over TCP: {@link dev.junctionmq.stomp.StompFrontEnd} plugs into the broker through
 * the front-end SPI; {@code codec} reads and writes frames, {@code session} maps them onto a broker session.
 * Threads: everything of a connection runs on its Netty event loop; deliveries and send completions are handed
 * to it.
 */
package dev.junctionmq.stomp;
