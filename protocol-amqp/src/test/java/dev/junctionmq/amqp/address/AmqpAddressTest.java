package dev.junctionmq.amqp.address;

import dev.junctionmq.amqp.address.AmqpAddress.AddressPrefixes;
import org.apache.qpid.proton.amqp.Symbol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmqpAddressTest {

    private static final AddressPrefixes PREFIXES = AddressPrefixes.DEFAULT;

    @Test
    void prefixesChooseTheKindAndAreStripped() {
        assertThat(AmqpAddress.resolve("queue://orders", null, PREFIXES))
                .isEqualTo(new AmqpAddress(AmqpAddress.Kind.QUEUE, "orders"));
        assertThat(AmqpAddress.resolve("topic://news", null, PREFIXES))
                .isEqualTo(new AmqpAddress(AmqpAddress.Kind.TOPIC, "news"));
    }

    @Test
    void qpidJmsCapabilitiesChooseTheKind() {
        assertThat(AmqpAddress.resolve("news", new Symbol[] {AmqpAddress.TOPIC}, PREFIXES).kind())
                .isEqualTo(AmqpAddress.Kind.TOPIC);
        assertThat(AmqpAddress.resolve("orders", new Symbol[] {AmqpAddress.QUEUE}, PREFIXES).kind())
                .isEqualTo(AmqpAddress.Kind.QUEUE);
        assertThat(AmqpAddress.resolve("TEMP.1", new Symbol[] {AmqpAddress.TEMPORARY_TOPIC}, PREFIXES).kind())
                .isEqualTo(AmqpAddress.Kind.TOPIC);
        assertThat(AmqpAddress.resolve("TEMP.2", new Symbol[] {AmqpAddress.TEMPORARY_QUEUE}, PREFIXES).kind())
                .isEqualTo(AmqpAddress.Kind.QUEUE);
    }

    @Test
    void aPrefixWinsOverCapabilities() {
        assertThat(AmqpAddress.resolve("topic://x", new Symbol[] {AmqpAddress.QUEUE}, PREFIXES))
                .isEqualTo(new AmqpAddress(AmqpAddress.Kind.TOPIC, "x"));
    }

    @Test
    void withoutPrefixOrCapabilityAnAddressIsAQueue() {
        assertThat(AmqpAddress.resolve("plain", null, PREFIXES))
                .isEqualTo(new AmqpAddress(AmqpAddress.Kind.QUEUE, "plain"));
    }

    @Test
    void emptyPrefixesAreOff() {
        AddressPrefixes none = new AddressPrefixes("", "");
        assertThat(AmqpAddress.resolve("queue://orders", null, none).name()).isEqualTo("queue://orders");
    }

    @Test
    void anAddressWithNothingAfterThePrefixIsRefused() {
        assertThatThrownBy(() -> AmqpAddress.resolve("queue://", null, PREFIXES))
                .isInstanceOf(InvalidAddressException.class);
        assertThatThrownBy(() -> AmqpAddress.resolve(null, null, PREFIXES))
                .isInstanceOf(InvalidAddressException.class);
    }
}
