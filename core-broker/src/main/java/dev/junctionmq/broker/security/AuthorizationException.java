package dev.junctionmq.broker.security;

/** An authenticated principal is not allowed to do what it asked. */
public class AuthorizationException extends SecurityException {

    public AuthorizationException(BrokerPrincipal principal, Action action, String topic) {
        super("user '" + principal + "' is not allowed to " + action.word() + " on '" + topic + "'");
    }
}
