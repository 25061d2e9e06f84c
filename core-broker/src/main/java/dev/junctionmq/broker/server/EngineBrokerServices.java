package dev.junctionmq.broker.server;

import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;

import java.time.Duration;

/** The broker as front ends see it. */
final class EngineBrokerServices implements BrokerServices {

    private final Engine engine;
    private final AuthService auth;
    private final int maxMessageSize;
    private final Duration handshakeTimeout;

    EngineBrokerServices(Engine engine, AuthService auth, int maxMessageSize, Duration handshakeTimeout) {
        this.engine = engine;
        this.auth = auth;
        this.maxMessageSize = maxMessageSize;
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public AuthService auth() {
        return auth;
    }

    @Override
    public BrokerSession openSession(BrokerPrincipal principal, String clientId, String remoteAddress) {
        return new EngineSession(engine, auth, principal, clientId, remoteAddress, maxMessageSize);
    }

    @Override
    public int maxMessageSize() {
        return maxMessageSize;
    }

    @Override
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }
}
