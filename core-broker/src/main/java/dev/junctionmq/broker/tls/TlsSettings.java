package dev.junctionmq.broker.tls;

import dev.junctionmq.broker.config.BrokerConfig;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The broker's TLS configuration ({@code tls.*} keys): one server certificate for every front end's TLS listener.
 * {@link #toString()} never shows the passwords.
 *
 * @param keyStore           the server's key and certificate chain
 * @param keyStorePassword   its password (also the key's)
 * @param keyStoreType       {@code PKCS12} or {@code JKS}
 * @param trustStore         certificates that client certificates must chain to; null = the JDK's default
 * @param trustStorePassword its password, or null
 * @param clientAuth         whether clients must present a certificate
 * @param protocols          enabled protocol versions, e.g. {@code TLSv1.3}
 */
public record TlsSettings(Path keyStore, char[] keyStorePassword, String keyStoreType, Path trustStore,
                          char[] trustStorePassword, ClientAuth clientAuth, List<String> protocols) {

    public static final String KEY_STORE = "tls.keyStore";
    public static final String KEY_STORE_PASSWORD = "tls.keyStorePassword";
    public static final String KEY_STORE_TYPE = "tls.keyStoreType";
    public static final String TRUST_STORE = "tls.trustStore";
    public static final String TRUST_STORE_PASSWORD = "tls.trustStorePassword";
    public static final String CLIENT_AUTH = "tls.clientAuth";
    public static final String PROTOCOLS = "tls.protocols";

    /** Whether a TLS client must (or may) authenticate with a certificate. */
    public enum ClientAuth {
        NONE, OPTIONAL, REQUIRED
    }

    /** The settings, or empty when no key store is configured (then the broker opens no TLS listeners). */
    public static Optional<TlsSettings> from(BrokerConfig config) {
        String keyStore = trimmed(config.get(KEY_STORE));
        if (keyStore.isEmpty()) {
            return Optional.empty();
        }
        String trustStore = trimmed(config.get(TRUST_STORE));
        String clientAuth = trimmed(config.get(CLIENT_AUTH)).toUpperCase(Locale.ROOT);
        ClientAuth auth;
        try {
            auth = ClientAuth.valueOf(clientAuth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CLIENT_AUTH + " must be none, optional or required, not '"
                    + config.get(CLIENT_AUTH) + "'");
        }
        List<String> protocols = Arrays.stream(trimmed(config.get(PROTOCOLS)).split(","))
                .map(String::trim).filter(p -> !p.isEmpty()).toList();
        return Optional.of(new TlsSettings(Path.of(keyStore), password(config.get(KEY_STORE_PASSWORD)),
                trimmed(config.get(KEY_STORE_TYPE)), trustStore.isEmpty() ? null : Path.of(trustStore),
                trustStore.isEmpty() ? null : password(config.get(TRUST_STORE_PASSWORD)), auth, protocols));
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static char[] password(String value) {
        return value == null ? new char[0] : value.toCharArray();
    }

    @Override
    public String toString() {
        return "TlsSettings[keyStore=" + keyStore + " (" + keyStoreType + "), trustStore="
                + (trustStore == null ? "JDK default" : trustStore) + ", clientAuth=" + clientAuth
                + ", protocols=" + protocols + "]";
    }
}
