package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.EngineFixture.Recorder;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.message.PropertyTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Property types survive the store (PropertyTypes), and selectors compare by them (Jakarta Messaging 3.1, 3.8.1.1),
 * while messages stored without types still compare as strings.
 */
class TypedSelectorTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private static OutgoingMessage typed(String body, int count, double price, boolean flag) {
        return OutgoingMessage.builder("shop").body(body.getBytes()).typedProperty("count", count)
                .typedProperty("price", price).typedProperty("flag", flag).typedProperty("big", 5_000_000_000L * count)
                .typedProperty("color", count % 2 == 0 ? "red" : "blue").build();
    }

    /** A message as a front end without types stores it: every value a string. */
    private static OutgoingMessage untyped(String body, String count) {
        return OutgoingMessage.builder("shop").body(body.getBytes()).property("count", count).build();
    }

    private static List<String> selected(Engine engine, String group, String selector, int expected) {
        return EngineFixture.selected(engine, "shop", group, selector, expected);
    }

    @Test
    void typesSurviveTheStoreAndSelectorsCompareByThem() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("shop", 1);
            for (int i = 0; i < 10; i++) {
                engine.send(typed("m" + i, i, i + 0.5, i % 3 == 0)).join();
            }
            engine.send(untyped("legacy7", "7")).join();
            await().atMost(WAIT).until(() -> fx.store().maxOffset("shop", 0) == 11); // dispatched

            List<Message> stored = engine.browse("shop", null, MessageFilter.ALL, 100);
            Message m7 = stored.get(7);
            assertThat(m7.typedProperty("count")).isEqualTo(7);
            assertThat(m7.typedProperty("price")).isEqualTo(7.5);
            assertThat(m7.typedProperty("flag")).isEqualTo(false);
            assertThat(m7.typedProperty("big")).isEqualTo(35_000_000_000L);
            assertThat(m7.typedProperty("color")).isEqualTo("blue");
            assertThat(m7.property("count")).as("the stored text is unchanged").isEqualTo("7");
            assertThat(stored.get(10).typedProperty("count")).as("an untyped message").isEqualTo("7");
            assertThat(stored.get(10).properties()).doesNotContainKey(PropertyTypes.PROPERTY);

            assertThat(selected(engine, "g1", "count > 5", 4)).containsExactly("m6", "m7", "m8", "m9");
            assertThat(selected(engine, "g2", "price < 2.5", 2)).containsExactly("m0", "m1");
            assertThat(selected(engine, "g3", "flag = TRUE", 4)).containsExactly("m0", "m3", "m6", "m9");
            assertThat(selected(engine, "g4", "big >= 40000000000", 2)).containsExactly("m8", "m9");
            assertThat(selected(engine, "g5", "color = 'red' AND count BETWEEN 3 AND 6", 2))
                    .containsExactly("m4", "m6");
            // stored without a type: a string, and a string never equals a number (3.8.1.1)
            assertThat(selected(engine, "g6", "count = '7'", 1)).containsExactly("legacy7");
        }
    }

    @Test
    void typesSurviveARestartAndARetryCopy() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.engine().topics().create("shop", 1);
            fx.engine().send(typed("m3", 3, 3.5, true)).join();
            await().atMost(WAIT).until(() -> fx.store().maxOffset("shop", 0) == 1);
            fx.restart();
            Recorder recorder = new Recorder();
            Subscriber subscriber = fx.engine().subscribe(SubscriptionSpec.clustering("shop", "g", "m")
                    .withFilter(MessageFilter.of(null, "count = 3 AND flag = TRUE")), recorder);
            subscriber.grantCredit(10);
            subscriber.reject(recorder.next(WAIT));
            Message retried = recorder.next(WAIT).message();
            assertThat(retried.property("RECONSUME_TIME")).isEqualTo("1");
            assertThat(retried.typedProperty("count")).isEqualTo(3);
            assertThat(retried.typedProperty("price")).isEqualTo(3.5);
        }
    }

    @Test
    void jmsPriorityComparesAsAnIntAndDefaultsToFour() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("shop", 1);
            for (int priority : new int[] {0, 9, 5}) {
                engine.send(OutgoingMessage.builder("shop").body(("p" + priority).getBytes())
                        .property("JMSPriority", Integer.toString(priority)).build()).join();
            }
            engine.send(OutgoingMessage.builder("shop").body("none".getBytes()).build()).join();
            assertThat(selected(engine, "g1", "JMSPriority > 4", 2)).containsExactly("p9", "p5");
            assertThat(selected(engine, "g2", "JMSPriority = 4", 1)).containsExactly("none");
        }
    }
}
