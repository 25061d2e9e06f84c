package dev.junctionmq.broker.server;

import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.SendRoute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** The broker as front ends see it. */
final class EngineBrokerServices implements BrokerServices {

    private final Engine engine;
    private final AuthService auth;
    private final int maxMessageSize;
    private final Duration handshakeTimeout;
    /** Parent of the front ends' state directories. */
    private final Path stateRoot;
    private static final Pattern FRONT_END_NAME = Pattern.compile("[a-z][a-z0-9-]*");

    EngineBrokerServices(Engine engine, AuthService auth, int maxMessageSize, Duration handshakeTimeout,
                         Path stateRoot) {
        this.engine = engine;
        this.auth = auth;
        this.maxMessageSize = maxMessageSize;
        this.handshakeTimeout = handshakeTimeout;
        this.stateRoot = stateRoot;
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

    @Override
    public void addSendRoute(SendRoute route) {
        engine.addSendRoute(route::alsoDispatchTo);
    }

    @Override
    public void createTopic(String topic, int queues) {
        engine.topics().create(topic, queues);
    }

    @Override
    public Path stateDirectory(String frontEndName) {
        if (!FRONT_END_NAME.matcher(frontEndName).matches()) {
            throw new IllegalArgumentException("not a front end name: '" + frontEndName + "'");
        }
        Path directory = stateRoot.resolve(frontEndName);
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + directory, e);
        }
    }

    @Override
    public BrokerSession openTrustedSession(String clientId, String remoteAddress) {
        return new EngineSession(engine, TRUSTED, TRUSTED_PRINCIPAL, clientId, remoteAddress, maxMessageSize);
    }

    /** The principal of trusted sessions, in logs. */
    private static final BrokerPrincipal TRUSTED_PRINCIPAL = new BrokerPrincipal("front-end", Set.of(), false);

    /** Authorizes everything: the front end that opened a trusted session authorized the call already. */
    private static final AuthService TRUSTED = new AuthService() {
        @Override
        public BrokerPrincipal authenticate(String username, String password) {
            throw new UnsupportedOperationException("trusted sessions do not authenticate");
        }

        @Override
        public boolean anonymousAllowed() {
            return false;
        }

        @Override
        public void authorize(BrokerPrincipal principal, dev.junctionmq.broker.security.Action action, String topic) {
            // authorized by the front end
        }
    };
}
