package dev.junctionmq.mqtt.session;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentQos2Test {

    @Test
    void aRecordReadsBackAsWrittenAndKeepsItsMessageKeyWhenReceived() {
        SentQos2 sent = new SentQos2("plant/#", "%MQTT%plant/#:0", 41, 7, 0);
        assertThat(sent.received()).isFalse();
        assertThat(SentQos2.decode(sent.encode())).isEqualTo(sent);

        SentQos2 received = sent.receivedAt(1_700_000_000_000L);
        assertThat(received.received()).isTrue();
        assertThat(SentQos2.decode(received.encode())).isEqualTo(received);
        assertThat(received.messageKey()).isEqualTo(sent.messageKey())
                // the format of the message keys saved with sessions before these records existed
                .isEqualTo("plant/#\u0000%MQTT%plant/#:0:41");
    }

    @Test
    void queueKeysTellSubscriptionsAndQueuesApart() {
        assertThat(SentQos2Records.queueKey("a/#", "t:0")).isNotEqualTo(SentQos2Records.queueKey("a/#", "t:1"))
                .isNotEqualTo(SentQos2Records.queueKey("b/#", "t:0"));
    }
}
