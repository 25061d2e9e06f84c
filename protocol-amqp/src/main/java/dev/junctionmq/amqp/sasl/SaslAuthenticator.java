package dev.junctionmq.amqp.sasl;

import dev.junctionmq.broker.security.AuthService;
import dev.junctionmq.broker.security.AuthenticationException;
import dev.junctionmq.broker.security.BrokerPrincipal;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.SaslListener;
import org.apache.qpid.proton.engine.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * The server side of SASL (AMQP 1.0 part 5, 5.3): offers PLAIN (RFC 4616) and, when the broker and
 * {@code amqp.allowAnonymous} allow it, ANONYMOUS (RFC 4505), and checks the credentials with the broker's
 * {@link AuthService}. The outcome is {@code ok} or {@code auth}; the password is never logged.
 */
public final class SaslAuthenticator implements SaslListener {

    private static final Logger log = LoggerFactory.getLogger(SaslAuthenticator.class);
    public static final String PLAIN = "PLAIN";
    public static final String ANONYMOUS = "ANONYMOUS";
    /** Longest initial response accepted (an authzid, a user name and a password). */
    private static final int MAX_RESPONSE = 4096;

    private final AuthService auth;
    private final boolean anonymousAllowed;
    private final String connectionId;
    private BrokerPrincipal principal;
    private String failure;
    private String user;

    public SaslAuthenticator(AuthService auth, boolean anonymousAllowed, String connectionId) {
        this.auth = auth;
        this.anonymousAllowed = anonymousAllowed && auth.anonymousAllowed();
        this.connectionId = connectionId;
    }

    public void install(Sasl sasl) {
        sasl.server();
        sasl.setListener(this);
        sasl.setMechanisms(anonymousAllowed ? new String[] {PLAIN, ANONYMOUS} : new String[] {PLAIN});
    }

    /** Whether a client may skip SASL altogether (only if it could authenticate anonymously anyway). */
    public boolean anonymousAllowed() {
        return anonymousAllowed;
    }

    /** The authenticated principal, or null before (or without) a successful outcome. */
    public BrokerPrincipal principal() {
        return principal;
    }

    /** Why authentication failed, or null. */
    public String failure() {
        return failure;
    }

    public String user() {
        return user;
    }

    @Override
    public void onSaslInit(Sasl sasl, Transport transport) {
        String[] mechanisms = sasl.getRemoteMechanisms();
        String mechanism = mechanisms.length == 0 ? "" : mechanisms[0];
        int size = sasl.pending();
        if (size > MAX_RESPONSE) {
            fail(sasl, "SASL initial response of " + size + " bytes is too long");
            return;
        }
        byte[] response = new byte[Math.max(0, size)];
        if (size > 0) {
            sasl.recv(response, 0, size);
        }
        try {
            if (PLAIN.equals(mechanism)) {
                plain(response);
            } else if (ANONYMOUS.equals(mechanism) && anonymousAllowed) {
                user = null;
                principal = auth.authenticate(null, null);
            } else {
                fail(sasl, "SASL mechanism '" + mechanism + "' is not offered");
                return;
            }
        } catch (AuthenticationException e) {
            fail(sasl, e.getMessage());
            return;
        }
        log.debug("AMQP connection {}: SASL {} authenticated '{}'", connectionId, mechanism, principal);
        sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
    }

    /** RFC 4616: [authzid] NUL authcid NUL passwd. */
    private void plain(byte[] response) {
        int first = indexOf(response, 0);
        int second = first < 0 ? -1 : indexOf(response, first + 1);
        if (second < 0) {
            throw new AuthenticationException("malformed SASL PLAIN response");
        }
        user = new String(response, first + 1, second - first - 1, StandardCharsets.UTF_8);
        String password = new String(response, second + 1, response.length - second - 1, StandardCharsets.UTF_8);
        principal = auth.authenticate(user, password);
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private void fail(Sasl sasl, String reason) {
        failure = reason;
        principal = null;
        log.warn("AMQP connection {}: authentication of '{}' failed: {}", connectionId, user == null ? "-" : user,
                reason);
        sasl.done(Sasl.SaslOutcome.PN_SASL_AUTH);
    }

    @Override
    public void onSaslMechanisms(Sasl sasl, Transport transport) {
        // client side only
    }

    @Override
    public void onSaslChallenge(Sasl sasl, Transport transport) {
        // client side only
    }

    @Override
    public void onSaslResponse(Sasl sasl, Transport transport) {
        // PLAIN and ANONYMOUS need no challenge round
    }

    @Override
    public void onSaslOutcome(Sasl sasl, Transport transport) {
        // client side only
    }
}
