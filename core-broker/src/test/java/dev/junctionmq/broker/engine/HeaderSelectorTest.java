package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.EngineFixture.Recorder;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.EngineProperties;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Selectors on the header identifiers JMSMessageID (a String) and JMSTimestamp (a long) (Jakarta Messaging 3.1,
 * 3.8.1.1), answered by the engine's filter subject with what a JMS consumer is shown.
 */
class HeaderSelectorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final long T0 = 1_700_000_000_000L;

    @TempDir
    Path dir;

    private static List<String> selected(Engine engine, String group, String selector, int expected) {
        return EngineFixture.selected(engine, "shop", group, selector, expected);
    }

    private static OutgoingMessage.Builder message(String body) {
        return OutgoingMessage.builder("shop").body(body.getBytes());
    }

    @Test
    void jmsMessageIdIsTheIdJmsConsumersAreShown() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("shop", 1);
            engine.send(message("qpid1").messageId("ID:abc:1:1:1-1").build()).join();
            engine.send(message("qpid2").messageId("ID:abc:1:1:1-2").build()).join();
            engine.send(message("plain").messageId("order-7").build()).join();
            engine.send(message("escaped").messageId("ID:AMQP_UUID:not-a-uuid").build()).join();
            engine.send(message("uuid").messageId("0f8fad5b-d9cb-469f-a165-70867728950e")
                    .property(EngineProperties.JMS_MESSAGE_ID, "ID:AMQP_UUID:0f8fad5b-d9cb-469f-a165-70867728950e")
                    .build()).join();
            engine.send(message("none").property(EngineProperties.JMS_MESSAGE_ID, "").build()).join();

            assertThat(selected(engine, "g1", "JMSMessageID = 'ID:abc:1:1:1-2'", 1)).containsExactly("qpid2");
            assertThat(selected(engine, "g2", "JMSMessageID = 'ID:AMQP_NO_PREFIX:order-7'", 1))
                    .containsExactly("plain");
            assertThat(selected(engine, "g3", "JMSMessageID = 'ID:AMQP_STRING:ID:AMQP_UUID:not-a-uuid'", 1))
                    .containsExactly("escaped");
            assertThat(selected(engine, "g4", "JMSMessageID = 'ID:AMQP_UUID:0f8fad5b-d9cb-469f-a165-70867728950e'",
                    1)).containsExactly("uuid");
            assertThat(selected(engine, "g5", "JMSMessageID IS NULL", 1)).containsExactly("none");
            assertThat(selected(engine, "g6", "JMSMessageID LIKE 'ID:abc:%'", 2)).containsExactly("qpid1", "qpid2");
        }
    }

    @Test
    void jmsTimestampIsTheProducersBornTimestampAsALong() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("shop", 1);
            engine.send(message("old").bornTimestamp(T0).build()).join();
            engine.send(message("newer").bornTimestamp(T0 + 1).build()).join();
            long beforeUnstamped = System.currentTimeMillis();
            engine.send(message("unstamped").build()).join();

            List<Message> stored = engine.browse("shop", null, MessageFilter.ALL, 10);
            assertThat(stored.get(0).bornTimestamp()).isEqualTo(T0);
            assertThat(stored.get(2).bornTimestamp()).as("no born timestamp: when it was stored")
                    .isGreaterThanOrEqualTo(beforeUnstamped);

            assertThat(selected(engine, "g1", "JMSTimestamp > " + T0, 2)).containsExactly("newer", "unstamped");
            assertThat(selected(engine, "g2", "JMSTimestamp <= " + T0, 1)).containsExactly("old");
            assertThat(selected(engine, "g3", "JMSTimestamp = 1700000000001", 1)).containsExactly("newer");
            assertThat(selected(engine, "g4", "JMSTimestamp BETWEEN 1700000000000 AND 1700000000001", 2))
                    .containsExactly("old", "newer");
            assertThat(selected(engine, "g5", "JMSTimestamp = '1700000000000'", 0)).as("a long, never a string")
                    .isEmpty();
        }
    }

    @Test
    void theBornTimestampSurvivesARetryCopy() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.engine().topics().create("shop", 1);
            fx.engine().send(message("old").bornTimestamp(T0).build()).join();
            Recorder recorder = new Recorder();
            Subscriber subscriber = fx.engine().subscribe(SubscriptionSpec.clustering("shop", "g", "m")
                    .withFilter(MessageFilter.of(null, "JMSTimestamp = " + T0)), recorder);
            subscriber.grantCredit(10);
            subscriber.reject(recorder.next(WAIT));
            Message retried = recorder.next(WAIT).message();
            assertThat(retried.property("RECONSUME_TIME")).isEqualTo("1");
            assertThat(retried.bornTimestamp()).isEqualTo(T0);
            subscriber.close();
        }
    }
}
