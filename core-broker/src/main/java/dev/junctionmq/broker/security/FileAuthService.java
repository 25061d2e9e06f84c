package dev.junctionmq.broker.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Users, roles and permissions from one properties file ({@code conf/security.properties}):
 *
 * <pre>
 * anonymous.enabled = false
 * anonymous.roles   = guest
 * user.alice.password = {PBKDF2}&lt;iterations&gt;:&lt;salt hex&gt;:&lt;hash hex&gt;   (PBKDF2-HMAC-SHA256; plain text works, with a warning)
 * user.alice.roles    = producers, consumers
 * permit.producers    = send:orders, send:audit.*
 * permit.consumers    = consume:orders, browse:*
 * permit.guest        = consume:public.*
 * </pre>
 *
 * A permission is {@code action:topic}, where the topic may end in {@code *} (prefix match) or be {@code *} alone;
 * the action may be {@code *} for all actions. Nothing is allowed that is not permitted.
 */
public final class FileAuthService implements AuthService {

    private static final Logger log = LoggerFactory.getLogger(FileAuthService.class);
    private static final String HASH_PREFIX = "{PBKDF2}";
    private static final int ITERATIONS = 210_000;

    private record User(String storedPassword, Set<String> roles) {
    }

    private record Permission(String action, String topicPattern) {
        boolean allows(Action requested, String topic) {
            boolean actionMatches = action.equals("*") || action.equals(requested.word());
            if (!actionMatches) {
                return false;
            }
            if (topicPattern.endsWith("*")) {
                return topic.startsWith(topicPattern.substring(0, topicPattern.length() - 1));
            }
            return topicPattern.equals(topic);
        }
    }

    private final Map<String, User> users;
    private final Map<String, List<Permission>> permissionsByRole;
    private final boolean anonymousEnabled;
    private final Set<String> anonymousRoles;

    private FileAuthService(Map<String, User> users, Map<String, List<Permission>> permissionsByRole,
                            boolean anonymousEnabled, Set<String> anonymousRoles) {
        this.users = users;
        this.permissionsByRole = permissionsByRole;
        this.anonymousEnabled = anonymousEnabled;
        this.anonymousRoles = anonymousRoles;
    }

    public static FileAuthService load(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read security file " + file.toAbsolutePath(), e);
        }
        return fromProperties(properties, file.toString());
    }

    static FileAuthService fromProperties(Properties properties, String source) {
        Map<String, User> users = new HashMap<>();
        Map<String, List<Permission>> permissions = new HashMap<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            if (key.startsWith("user.") && key.endsWith(".password")) {
                String name = key.substring(5, key.length() - ".password".length());
                Set<String> roles = list(properties.getProperty("user." + name + ".roles", ""));
                if (!value.startsWith(HASH_PREFIX)) {
                    log.warn("{}: the password of user '{}' is stored in plain text; store '{}<salt>:<hash>' instead",
                            source, name, HASH_PREFIX);
                }
                users.put(name, new User(value, roles));
            } else if (key.startsWith("permit.")) {
                String role = key.substring("permit.".length());
                List<Permission> granted = new ArrayList<>();
                for (String entry : list(value)) {
                    int colon = entry.indexOf(':');
                    if (colon <= 0 || colon == entry.length() - 1) {
                        throw new IllegalArgumentException(source + ": permission '" + entry + "' of role '" + role
                                + "' must look like action:topic (for example send:orders or consume:news.*)");
                    }
                    String action = entry.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                    if (!action.equals("*") && Arrays.stream(Action.values()).noneMatch(a -> a.word().equals(action))) {
                        throw new IllegalArgumentException(source + ": unknown action '" + action + "' in role '"
                                + role + "'; use send, consume, browse, create or *");
                    }
                    granted.add(new Permission(action, entry.substring(colon + 1).trim()));
                }
                permissions.put(role, granted);
            }
        }
        boolean anonymous = Boolean.parseBoolean(properties.getProperty("anonymous.enabled", "false").trim());
        Set<String> anonymousRoles = list(properties.getProperty("anonymous.roles", ""));
        return new FileAuthService(users, permissions, anonymous, anonymousRoles);
    }

    /** Everyone may do everything, anonymously: for a broker started without a security file. */
    public static AuthService allowAll() {
        Properties open = new Properties();
        open.setProperty("anonymous.enabled", "true");
        open.setProperty("anonymous.roles", "everyone");
        open.setProperty("permit.everyone", "*:*");
        return new AuthService() {
            private final FileAuthService delegate = fromProperties(open, "built-in open policy");

            @Override
            public BrokerPrincipal authenticate(String username, String password) {
                return username == null ? delegate.authenticate(null, null)
                        : new BrokerPrincipal(username, Set.of("everyone"), false);
            }

            @Override
            public boolean anonymousAllowed() {
                return true;
            }

            @Override
            public void authorize(BrokerPrincipal principal, Action action, String topic) {
                // open policy
            }
        };
    }

    /** Produces the stored form of a password: {@code {PBKDF2}<iterations>:<salt hex>:<hash hex>}. */
    public static String hash(String password) {
        byte[] salt = new byte[16];
        new java.security.SecureRandom().nextBytes(salt);
        return HASH_PREFIX + ITERATIONS + ":" + HexFormat.of().formatHex(salt) + ":"
                + HexFormat.of().formatHex(derive(password, salt, ITERATIONS));
    }

    @Override
    public BrokerPrincipal authenticate(String username, String password) {
        if (username == null || username.isEmpty()) {
            if (!anonymousEnabled) {
                throw new AuthenticationException("anonymous access is not allowed; give a user name and password");
            }
            return new BrokerPrincipal("anonymous", anonymousRoles, true);
        }
        User user = users.get(username);
        if (user == null || password == null || !matches(user.storedPassword(), password)) {
            // Same answer for unknown users and wrong passwords: no user enumeration.
            throw new AuthenticationException("user name or password is wrong for user '" + username + "'");
        }
        return new BrokerPrincipal(username, user.roles(), false);
    }

    @Override
    public boolean anonymousAllowed() {
        return anonymousEnabled;
    }

    @Override
    public void authorize(BrokerPrincipal principal, Action action, String topic) {
        for (String role : principal.roles()) {
            for (Permission permission : permissionsByRole.getOrDefault(role, List.of())) {
                if (permission.allows(action, topic)) {
                    return;
                }
            }
        }
        throw new AuthorizationException(principal, action, topic);
    }

    private static boolean matches(String stored, String password) {
        if (stored.startsWith(HASH_PREFIX)) {
            String[] parts = stored.substring(HASH_PREFIX.length()).split(":", 3);
            if (parts.length != 3) {
                return false;
            }
            try {
                int iterations = Integer.parseInt(parts[0]);
                byte[] salt = HexFormat.of().parseHex(parts[1]);
                return MessageDigest.isEqual(HexFormat.of().parseHex(parts[2]), derive(password, salt, iterations));
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        try {
            javax.crypto.SecretKeyFactory factory = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256");
            return factory.generateSecret(new javax.crypto.spec.PBEKeySpec(password.toCharArray(), salt, iterations,
                    256)).getEncoded();
        } catch (NoSuchAlgorithmException | java.security.spec.InvalidKeySpecException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available", e);
        }
    }

    private static Set<String> list(String value) {
        Set<String> items = new LinkedHashSet<>();
        for (String item : value.split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }
}
