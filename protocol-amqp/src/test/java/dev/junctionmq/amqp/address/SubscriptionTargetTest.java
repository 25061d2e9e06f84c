package dev.junctionmq.amqp.address;

import dev.junctionmq.broker.engine.delivery.StartPosition;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.TerminusDurability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Consumer groups of AMQP links, the same names STOMP and JMS use (spi.DestinationNames). */
class SubscriptionTargetTest {

    private static final AmqpAddress QUEUE = new AmqpAddress(AmqpAddress.Kind.QUEUE, "orders");
    private static final AmqpAddress TOPIC = new AmqpAddress(AmqpAddress.Kind.TOPIC, "news");
    private static final Symbol[] TOPIC_CAPS = {AmqpAddress.TOPIC};

    private static SubscriptionSpec spec(AmqpAddress address, String linkName, Symbol[] caps,
                                         TerminusDurability durability, String containerId) {
        return SubscriptionTarget.spec(address, linkName, caps, durability, "conn1", containerId, "7",
                MessageFilter.ALL);
    }

    @Test
    void queueReceiversShareTheQueueGroupFromTheFirstMessage() {
        SubscriptionSpec spec = spec(QUEUE, "any", null, TerminusDurability.NONE, "c");
        assertThat(spec.group()).isEqualTo("QUEUE%orders");
        assertThat(spec.topic()).isEqualTo("orders");
        assertThat(spec.durable()).isTrue();
        assertThat(spec.startPosition()).isEqualTo(StartPosition.FIRST);
    }

    @Test
    void aNonDurableTopicSubscriberHasItsOwnGroupFromNow() {
        SubscriptionSpec spec = spec(TOPIC, "qpid-jms:receiver:1", TOPIC_CAPS, TerminusDurability.NONE, "c");
        assertThat(spec.group()).isEqualTo("NONDURABLE%conn1%7");
        assertThat(spec.durable()).isFalse();
        assertThat(spec.startPosition()).isEqualTo(StartPosition.LAST);
    }

    @Test
    void aDurableSubscriptionIsClientIdDotName() {
        SubscriptionSpec spec = spec(TOPIC, "feed", TOPIC_CAPS, TerminusDurability.UNSETTLED_STATE, "app1");
        assertThat(spec.group()).isEqualTo("app1.feed");
        assertThat(spec.durable()).isTrue();
        assertThat(spec.startPosition()).isEqualTo(StartPosition.LAST);
    }

    @Test
    void sharedSubscriptionsUseTheSharedGroupWhateverTheLinkSuffix() {
        Symbol[] sharedGlobal = {AmqpAddress.TOPIC, SubscriptionTarget.SHARED, SubscriptionTarget.GLOBAL};
        assertThat(spec(TOPIC, "workers|global", sharedGlobal, TerminusDurability.UNSETTLED_STATE, "x").group())
                .isEqualTo("SHARED%workers");
        assertThat(spec(TOPIC, "workers|global2", sharedGlobal, TerminusDurability.UNSETTLED_STATE, "y").group())
                .isEqualTo("SHARED%workers");
        Symbol[] shared = {AmqpAddress.TOPIC, SubscriptionTarget.SHARED};
        assertThat(spec(TOPIC, "pool|2", shared, TerminusDurability.UNSETTLED_STATE, "app1").group())
                .isEqualTo("SHARED%app1.pool");
        SubscriptionSpec volatileShared = spec(TOPIC, "pool|volatile1", shared, TerminusDurability.NONE, "app1");
        assertThat(volatileShared.group()).isEqualTo("SHARED%app1.pool");
        assertThat(volatileShared.durable()).isFalse();
    }

    @Test
    void theSubscriptionNameIsTheLinkNameUpToTheFirstBar() {
        assertThat(SubscriptionTarget.subscriptionName("sub")).isEqualTo("sub");
        assertThat(SubscriptionTarget.subscriptionName("sub|global-volatile3")).isEqualTo("sub");
    }
}
