package dev.junctionmq.broker.security;

/**
 * Authentication and authorization, one service for every front end: AMQP SASL, STOMP login/passcode, MQTT
 * username/password and the native protocol all call it the same way, so a user has the same rights whichever
 * protocol they use.
 */
public interface AuthService {

    /**
     * @param username null for a connection that sent no credentials
     * @throws AuthenticationException if the credentials are wrong, or anonymous access is off
     */
    BrokerPrincipal authenticate(String username, String password);

    /** Whether connections without credentials are accepted (as the anonymous principal). */
    boolean anonymousAllowed();

    /** @throws AuthorizationException if {@code principal} may not do {@code action} on {@code topic} */
    void authorize(BrokerPrincipal principal, Action action, String topic);
}
