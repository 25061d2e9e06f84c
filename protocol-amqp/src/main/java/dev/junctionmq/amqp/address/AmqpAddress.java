package dev.junctionmq.amqp.address;

import org.apache.qpid.proton.amqp.Symbol;

/**
 * A node address of a link's source or target, mapped onto a core topic (docs/protocol-mapping.md, "AMQP 1.0").
 * Queue or topic is decided by a configured prefix ({@code queue://}, {@code topic://}, stripped: prefixes are an
 * edge concern and never stored), else by the terminus capabilities Qpid JMS sends ({@code queue},
 * {@code topic}, {@code temporary-queue}, {@code temporary-topic}), else it is a queue.
 */
public record AmqpAddress(Kind kind, String name) {

    public enum Kind { QUEUE, TOPIC }

    public static final Symbol QUEUE = Symbol.valueOf("queue");
    public static final Symbol TOPIC = Symbol.valueOf("topic");
    public static final Symbol TEMPORARY_QUEUE = Symbol.valueOf("temporary-queue");
    public static final Symbol TEMPORARY_TOPIC = Symbol.valueOf("temporary-topic");

    /**
     * @throws InvalidAddressException if nothing is left of the address once the prefix is removed
     */
    public static AmqpAddress resolve(String address, Symbol[] capabilities, AddressPrefixes prefixes) {
        if (address == null || address.isEmpty()) {
            throw new InvalidAddressException("the link has no address");
        }
        Kind kind = null;
        String name = address;
        if (!prefixes.queue().isEmpty() && address.startsWith(prefixes.queue())) {
            kind = Kind.QUEUE;
            name = address.substring(prefixes.queue().length());
        } else if (!prefixes.topic().isEmpty() && address.startsWith(prefixes.topic())) {
            kind = Kind.TOPIC;
            name = address.substring(prefixes.topic().length());
        } else if (has(capabilities, TOPIC) || has(capabilities, TEMPORARY_TOPIC)) {
            kind = Kind.TOPIC;
        } else if (has(capabilities, QUEUE) || has(capabilities, TEMPORARY_QUEUE)) {
            kind = Kind.QUEUE;
        }
        if (name.isEmpty()) {
            throw new InvalidAddressException("address '" + address + "' names no queue or topic after its prefix");
        }
        return new AmqpAddress(kind == null ? Kind.QUEUE : kind, name);
    }

    public static boolean has(Symbol[] capabilities, Symbol capability) {
        if (capabilities != null) {
            for (Symbol candidate : capabilities) {
                if (capability.equals(candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The prefixes configured as {@code amqp.queuePrefix} and {@code amqp.topicPrefix} (empty = none). */
    public record AddressPrefixes(String queue, String topic) {
        public static final AddressPrefixes DEFAULT = new AddressPrefixes("queue://", "topic://");
    }
}
