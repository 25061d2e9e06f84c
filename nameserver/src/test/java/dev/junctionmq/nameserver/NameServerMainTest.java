package dev.junctionmq.nameserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NameServerMainTest {

    @Test
    void acceptsEveryDocumentedOption() {
        assertThatCode(() -> NameServerMain.parse(new String[] {"--port", "0", "--host", "127.0.0.1",
                "--broker-expiry-seconds", "30"}).build()).doesNotThrowAnyException();
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> NameServerMain.parse(new String[] {"--port"}))
                .hasMessageContaining("--port needs a value");
        assertThatThrownBy(() -> NameServerMain.parse(new String[] {"--port", "x"}))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> NameServerMain.parse(new String[] {"--port", "70000"}))
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> NameServerMain.parse(new String[] {"--broker-expiry-seconds", "0"}))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> NameServerMain.parse(new String[] {"--bogus"}))
                .hasMessageContaining("unknown argument");
    }
}
