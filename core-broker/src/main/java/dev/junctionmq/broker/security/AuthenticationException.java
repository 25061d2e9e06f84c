package dev.junctionmq.broker.security;

/** Credentials were missing or wrong. The message never contains the password. */
public class AuthenticationException extends SecurityException {

    public AuthenticationException(String message) {
        super(message);
    }
}
