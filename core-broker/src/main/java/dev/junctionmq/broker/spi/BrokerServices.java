package dev.junctionmq.broker.spi;

import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.BrokerPrincipal;

import java.time.Duration;

/** Everything of the broker a front end may use. */
public interface BrokerServices {

    /** Authentication and authorization, the same for every front end. */
    AuthService auth();

    /**
     * Opens a session for an authenticated principal.
     *
     * @param clientId      the client's id where the protocol has one (MQTT, JMS), else a connection id
     * @param remoteAddress for logs
     */
    BrokerSession openSession(BrokerPrincipal principal, String clientId, String remoteAddress);

    /** Largest message body the broker accepts, in bytes. */
    int maxMessageSize();

    /** How long a connection may take to finish its protocol handshake before it is closed. */
    Duration handshakeTimeout();
}
