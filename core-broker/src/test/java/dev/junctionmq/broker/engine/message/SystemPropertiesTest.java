package dev.junctionmq.broker.engine.message;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SystemPropertiesTest {

    @Test
    void rocketMqEngineAndReservedNamesAreTheBrokersOwnAndUserNamesAreNot() {
        assertThat(SystemProperties.isSystem("UNIQ_KEY")).isTrue();
        assertThat(SystemProperties.isSystem(EngineProperties.EXPIRES_AT)).isTrue();
        assertThat(SystemProperties.isSystem(PropertyTypes.PROPERTY)).isTrue();
        assertThat(SystemProperties.isSystem("JMQ_AMQP_SECTIONS")).isTrue();
        assertThat(SystemProperties.isSystem("TAGS")).as("tags are the user's").isFalse();
        assertThat(SystemProperties.isSystem("KEYS")).isFalse();
        assertThat(SystemProperties.isSystem("color")).isFalse();
        assertThat(SystemProperties.isSystem("jmq_lower")).as("the prefix is case-sensitive").isFalse();
    }
}
