package dev.junctionmq.amqp.connection;

import dev.junctionmq.amqp.address.AmqpAddress.AddressPrefixes;

/**
 * The AMQP front end's behaviour, configurable under {@code amqp.*} (docs/configuration.md).
 *
 * @param allowAnonymous  offer SASL ANONYMOUS (and accept connections without SASL) if the broker allows anonymous
 * @param maxFrameSize    the largest frame accepted, advertised in open (at least 512)
 * @param idleTimeoutMs   advertised idle-time-out: a peer silent this long is closed; 0 = none
 * @param producerCredit  link credit a producer link keeps (messages it may send ahead of their dispositions)
 * @param prefixes        address prefixes that choose queue or topic for clients without capabilities
 * @param browseLimit     most messages a queue browser (distribution-mode copy) is shown
 * @param maxMessageSize  the broker's largest message body (BrokerServices.maxMessageSize())
 */
public record AmqpSettings(boolean allowAnonymous, int maxFrameSize, int idleTimeoutMs, int producerCredit,
                           AddressPrefixes prefixes, int browseLimit, int maxMessageSize) {

    /** Section overhead allowed on top of the body when bounding a multi-frame transfer. */
    public static final int ENVELOPE_ALLOWANCE = 64 * 1024;

    public AmqpSettings {
        if (maxFrameSize < 512 || idleTimeoutMs < 0 || producerCredit <= 0 || browseLimit <= 0) {
            throw new IllegalArgumentException("amqp.maxFrameSize must be >= 512, amqp.idleTimeoutMs >= 0, "
                    + "amqp.producerCredit and amqp.browseLimit > 0");
        }
    }

    /** Largest encoded message a producer may transfer. */
    public long maxTransferSize() {
        return (long) maxMessageSize + ENVELOPE_ALLOWANCE;
    }
}
