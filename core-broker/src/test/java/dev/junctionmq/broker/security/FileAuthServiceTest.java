package dev.junctionmq.broker.security;

import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileAuthServiceTest {

    private static FileAuthService service(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return FileAuthService.fromProperties(p, "test");
    }

    @Test
    void hashedPasswordsVerifyAndWrongOnesFailWithoutSayingWhich() {
        String stored = FileAuthService.hash("correct horse");
        assertThat(stored).startsWith("{PBKDF2}").doesNotContain("correct horse");
        FileAuthService auth = service("user.carol.password", stored, "user.carol.roles", "ops");
        assertThat(auth.authenticate("carol", "correct horse").roles()).containsExactly("ops");
        assertThatThrownBy(() -> auth.authenticate("carol", "battery staple"))
                .isInstanceOf(AuthenticationException.class)
                .hasMessage("user name or password is wrong for user 'carol'")
                .hasMessageNotContaining("battery");
        assertThatThrownBy(() -> auth.authenticate("mallory", "x"))
                .hasMessage("user name or password is wrong for user 'mallory'");
    }

    @Test
    void anonymousAccessFollowsTheFile() {
        assertThatThrownBy(() -> service().authenticate(null, null)).isInstanceOf(AuthenticationException.class)
                .hasMessageContaining("anonymous access is not allowed");
        BrokerPrincipal guest = service("anonymous.enabled", "true", "anonymous.roles", "guest")
                .authenticate(null, null);
        assertThat(guest.anonymous()).isTrue();
        assertThat(guest.roles()).containsExactly("guest");
    }

    @Test
    void permissionsMatchActionsAndTopicPrefixes() {
        FileAuthService auth = service("user.u.password", "p", "user.u.roles", "a, b",
                "permit.a", "send:orders, consume:audit.*", "permit.b", "*:public");
        BrokerPrincipal u = auth.authenticate("u", "p");
        auth.authorize(u, Action.SEND, "orders");
        auth.authorize(u, Action.CONSUME, "audit.2026");
        auth.authorize(u, Action.BROWSE, "public");
        assertThatThrownBy(() -> auth.authorize(u, Action.CONSUME, "orders")).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> auth.authorize(u, Action.SEND, "orders2")).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> auth.authorize(u, Action.SEND, "audit.x")).isInstanceOf(AuthorizationException.class);
    }

    @Test
    void malformedPermissionsAreRefusedWithTheRoleNamed() {
        assertThatThrownBy(() -> service("permit.ops", "sendorders")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'sendorders' of role 'ops' must look like action:topic");
        assertThatThrownBy(() -> service("permit.ops", "publish:x")).hasMessageContaining("unknown action 'publish'");
    }
}
