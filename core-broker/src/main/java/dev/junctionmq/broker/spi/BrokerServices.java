package dev.junctionmq.broker.spi;

import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.BrokerPrincipal;

import java.nio.file.Path;
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

    /**
     * Registers a route the broker asks at every send for extra topics to index the message into (see
     * {@link SendRoute}). Routes stay registered for the broker's lifetime.
     */
    void addSendRoute(SendRoute route);

    /**
     * Creates a topic with {@code queues} queues if it does not exist yet, whether or not the broker creates topics
     * automatically: for topics a front end keeps for itself (MQTT's per-filter topics). Blocks briefly for the
     * topic table's file write: call it off the event loops.
     */
    void createTopic(String topic, int queues);

    /**
     * A directory, under the broker's data directory and created on first use, where front end {@code frontEndName}
     * keeps state of its own that must survive a restart (MQTT sessions and retained messages).
     */
    Path stateDirectory(String frontEndName);

    /**
     * Opens a session whose sends and subscriptions the broker does not authorize, for a front end that authorizes
     * its clients itself on names of its own and keeps core topics of its own (MQTT checks {@code SEND} and
     * {@code CONSUME} on MQTT topic names and filters, then stores under {@code %MQTT%} topics that no user should
     * need rights on). The front end must authorize every call it makes through it.
     *
     * @param clientId      the client's id, for logs
     * @param remoteAddress for logs
     */
    BrokerSession openTrustedSession(String clientId, String remoteAddress);
}
