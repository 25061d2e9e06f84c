package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.EngineFixture.Recorder;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.GroupFilters;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.filter.SelectorConflictException;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A point-to-point queue's receivers each get what their own selector matches (Jakarta Messaging 3.1, 4.4.1), and a
 * message that no receiver's selector matches stays on the queue for one that does; a shared subscription's
 * consumers share one selector (8.3.2).
 */
class QueueMemberFiltersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dir;

    /** m0..m{n-1} to queue "q" (4 core queues), color red, blue or green in turn. */
    private static void send(Engine engine, int count) {
        String[] colors = {"red", "blue", "green"};
        for (int i = 0; i < count; i++) {
            engine.send(OutgoingMessage.builder("q").body(("m" + i).getBytes()).property("color", colors[i % 3])
                    .build()).join();
        }
    }

    private static Subscriber receiver(Engine engine, String member, String selector, Recorder recorder) {
        Subscriber subscriber = engine.subscribe(SubscriptionSpec.clustering("q", "QUEUE%q", member)
                .withFilter(MessageFilter.of(null, selector)), recorder, GroupFilters.PER_MEMBER);
        subscriber.grantCredit(1000);
        return subscriber;
    }

    private static List<String> colors(Recorder recorder) {
        return recorder.all.stream().map(Delivery::message).map(m -> m.property("color")).distinct().toList();
    }

    @Test
    void eachReceiverGetsExactlyWhatItsSelectorMatchesAndTheRestWaitsForAMatchingOne() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            Recorder red = new Recorder();
            Recorder blue = new Recorder();
            Subscriber redReceiver = receiver(engine, "a-red", "color = 'red'", red);
            Subscriber blueReceiver = receiver(engine, "b-blue", "color = 'blue'", blue);
            send(engine, 30);

            await().atMost(WAIT).until(() -> red.all.size() == 10 && blue.all.size() == 10);
            red.assertStaysAt(10, QUIET);
            blue.assertStaysAt(10, QUIET);
            assertThat(colors(red)).containsExactly("red");
            assertThat(colors(blue)).containsExactly("blue");
            red.all.forEach(redReceiver::ack);
            blue.all.forEach(blueReceiver::ack);
            await().atMost(WAIT).until(() -> engine.browse("q", "QUEUE%q", MessageFilter.ALL, 100).size() == 10);
            assertThat(engine.browse("q", "QUEUE%q", MessageFilter.ALL, 100)).as("green stays on the queue")
                    .extracting(m -> m.property("color")).containsOnly("green");

            // A receiver without a selector takes what waited, and nothing twice.
            Recorder any = new Recorder();
            Subscriber anyReceiver = receiver(engine, "c-any", null, any);
            await().atMost(WAIT).until(() -> any.all.size() == 10);
            any.assertStaysAt(10, QUIET);
            assertThat(colors(any)).containsExactly("green");
            any.all.forEach(anyReceiver::ack);
            await().atMost(WAIT).until(() -> engine.browse("q", "QUEUE%q", MessageFilter.ALL, 100).isEmpty());
            assertThat(red.all.size() + blue.all.size() + any.all.size()).isEqualTo(30);
        }
    }

    @Test
    void aMessageWaitsForItsReceiversCreditWithoutHoldingUpTheOthersOrGoingToThem() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1); // one core queue: the order of what is held is the order sent
            Recorder red = new Recorder();
            Recorder blue = new Recorder();
            Subscriber redReceiver = engine.subscribe(SubscriptionSpec.clustering("q", "QUEUE%q", "a-red")
                    .withFilter(MessageFilter.of(null, "color = 'red'")), red, GroupFilters.PER_MEMBER);
            receiver(engine, "b-blue", "color = 'blue'", blue);
            send(engine, 6); // red, blue, green, red, blue, green
            await().atMost(WAIT).until(() -> blue.all.size() == 2);
            red.assertStaysAt(0, QUIET);
            redReceiver.grantCredit(1);
            await().atMost(WAIT).until(() -> red.all.size() == 1);
            red.assertStaysAt(1, QUIET);
            redReceiver.grantCredit(5);
            await().atMost(WAIT).until(() -> red.all.size() == 2);
            red.assertStaysAt(2, QUIET);
            assertThat(colors(red)).containsExactly("red");
            assertThat(red.bodies()).as("in the order sent").containsExactly("m0", "m3");
            assertThat(colors(blue)).containsExactly("blue");
        }
    }

    @Test
    void aSharedSubscriptionsConsumersMustShareItsSelector() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 4);
            SubscriptionSpec red = SubscriptionSpec.clustering("q", "SHARED%feed", "s1")
                    .withFilter(MessageFilter.of(null, "color = 'red'"));
            Subscriber first = engine.subscribe(red, new Recorder(), GroupFilters.ONE);
            assertThatThrownBy(() -> engine.subscribe(SubscriptionSpec.clustering("q", "SHARED%feed", "s2"),
                    new Recorder(), GroupFilters.ONE))
                    .isInstanceOf(SelectorConflictException.class).hasMessageContaining("color = 'red'");
            first.close();
            assertThat(engine.subscribe(SubscriptionSpec.clustering("q", "SHARED%feed", "s3"), new Recorder(),
                    GroupFilters.ONE)).as("once the red consumers have left").isNotNull();
        }
    }
}
