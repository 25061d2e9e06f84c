/**
 * The AMQP 1.0 front end on Apache Qpid Proton-J: {@code transport} checks headers and frame sizes before Proton
 * buffers anything, {@code sasl} authenticates, {@code connection} drives Proton's engine from Netty and maps
 * links onto broker sessions, {@code address} maps node addresses onto topics and consumer groups, {@code message}
 * maps AMQP messages onto stored messages and back (docs/protocol-mapping.md, "AMQP 1.0").
 */
package dev.junctionmq.amqp;
