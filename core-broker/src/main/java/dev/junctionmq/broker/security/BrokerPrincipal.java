package dev.junctionmq.broker.security;

import java.util.Set;

/**
 * Who a connection authenticated as.
 *
 * @param name      the user name ("anonymous" for anonymous connections)
 * @param roles     roles that permissions are granted to
 * @param anonymous whether no credentials were given
 */
public record BrokerPrincipal(String name, Set<String> roles, boolean anonymous) {

    public BrokerPrincipal {
        roles = Set.copyOf(roles);
    }

    @Override
    public String toString() {
        return anonymous ? "anonymous" : name;
    }
}
