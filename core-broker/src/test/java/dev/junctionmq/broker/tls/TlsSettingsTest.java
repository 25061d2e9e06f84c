package dev.junctionmq.broker.tls;

import dev.junctionmq.broker.config.BrokerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TlsSettingsTest {

    @TempDir
    Path dir;

    @Test
    void noKeyStoreMeansNoTls() {
        assertThat(TlsSettings.from(BrokerConfig.load(null))).isEmpty();
    }

    @Test
    void settingsAreReadAndTheirTextNeverShowsPasswords() {
        BrokerConfig config = BrokerConfig.load(null)
                .with(TlsSettings.KEY_STORE, "/etc/junction/broker.p12")
                .with(TlsSettings.KEY_STORE_PASSWORD, "k3y-s3cret")
                .with(TlsSettings.TRUST_STORE, "/etc/junction/clients.p12")
                .with(TlsSettings.TRUST_STORE_PASSWORD, "tru5t-s3cret")
                .with(TlsSettings.CLIENT_AUTH, "Required")
                .with(TlsSettings.PROTOCOLS, "TLSv1.3");
        TlsSettings settings = TlsSettings.from(config).orElseThrow();
        assertThat(settings.keyStore()).isEqualTo(Path.of("/etc/junction/broker.p12"));
        assertThat(settings.keyStorePassword()).containsExactly("k3y-s3cret".toCharArray());
        assertThat(settings.keyStoreType()).isEqualTo("PKCS12");
        assertThat(settings.clientAuth()).isEqualTo(TlsSettings.ClientAuth.REQUIRED);
        assertThat(settings.protocols()).containsExactly("TLSv1.3");
        assertThat(settings.toString()).doesNotContain("s3cret").contains("broker.p12").contains("REQUIRED");
        assertThat(config.unknownKeys()).isEmpty();
    }

    @Test
    void anUnknownClientAuthModeIsRefusedWithTheAllowedValues() {
        BrokerConfig config = BrokerConfig.load(null).with(TlsSettings.KEY_STORE, "x.p12")
                .with(TlsSettings.CLIENT_AUTH, "sometimes");
        assertThatThrownBy(() -> TlsSettings.from(config)).hasMessageContaining("none, optional or required")
                .hasMessageContaining("sometimes");
    }

    @Test
    void aMissingKeyStoreStopsStartUpNamingTheFile() {
        Path missing = dir.resolve("absent.p12");
        TlsSettings settings = TlsSettings.from(BrokerConfig.load(null)
                .with(TlsSettings.KEY_STORE, missing.toString())
                .with(TlsSettings.KEY_STORE_PASSWORD, "secret-password")).orElseThrow();
        assertThatThrownBy(() -> ServerTls.create(settings, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret-password"));
    }
}
