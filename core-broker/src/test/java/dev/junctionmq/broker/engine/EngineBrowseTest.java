package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.EngineFixture.Recorder;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A browser shows what a consumer group has still to consume: not what it acknowledged, but what it holds. */
class EngineBrowseTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    /** Sends and waits until the messages are dispatched into the consume queue (what a browse reads). */
    private static void send(EngineFixture fx, int count) {
        for (int i = 0; i < count; i++) {
            fx.engine().send(OutgoingMessage.builder("q").body(("m" + i).getBytes())
                    .typedProperty("n", i).build()).join();
        }
        await().atMost(WAIT).until(() -> fx.store().maxOffset("q", 0) == count);
    }

    /** A member of group G on q, given {@code count} messages. */
    private static Subscriber memberHolding(Engine engine, String id, Recorder recorder, int count) {
        Subscriber member = engine.subscribe(SubscriptionSpec.clustering("q", "G", id), recorder);
        member.grantCredit(count);
        await().atMost(WAIT).until(() -> recorder.all.size() == count);
        return member;
    }

    /** What a browser of group G on q is shown. */
    private static List<String> browsed(Engine engine) {
        return bodies(engine.browse("q", "G", MessageFilter.ALL, 100));
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(m -> new String(m.body())).toList();
    }

    @Test
    void browseSkipsAcknowledgedMessagesAndShowsUnacknowledgedOnes() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1);
            send(fx, 10);
            Recorder recorder = new Recorder();
            Subscriber subscriber = engine.subscribe(SubscriptionSpec.clustering("q", "G", "c"), recorder);
            assertThat(browsed(engine))
                    .as("a member without credit has taken nothing").hasSize(10);
            subscriber.grantCredit(6);
            await().atMost(WAIT).until(() -> recorder.all.size() == 6);
            // acknowledged out of order: m0, m1, m3, m5; m2 and m4 are delivered, not acknowledged
            for (int i : new int[] {0, 1, 3, 5}) {
                subscriber.ack(recorder.all.get(i));
            }
            await().atMost(WAIT).until(() -> browsed(engine).size() == 6);
            assertThat(browsed(engine))
                    .containsExactly("m2", "m4", "m6", "m7", "m8", "m9");
            assertThat(bodies(engine.browse("q", "G", MessageFilter.of(null, "n > 3"), 100)))
                    .as("a selector on the browser, on typed properties").containsExactly("m4", "m6", "m7", "m8", "m9");
            assertThat(bodies(engine.browse("q", "G", MessageFilter.ALL, 3))).containsExactly("m2", "m4", "m6");
            assertThat(bodies(engine.browse("q", null, MessageFilter.ALL, 100))).as("no group: all stored").hasSize(10);
            assertThat(bodies(engine.browse("q", "other", MessageFilter.ALL, 100))).as("a new group").hasSize(10);

            // Browsing consumed nothing: the member gets the rest.
            subscriber.grantCredit(10);
            await().atMost(WAIT).until(() -> recorder.all.size() == 10);
            assertThat(recorder.bodies().subList(6, 10)).containsExactly("m6", "m7", "m8", "m9");
            recorder.all.stream().filter(d -> !List.of("m0", "m1", "m3", "m5").contains(new String(d.message().body())))
                    .forEach(subscriber::ack);
            await().atMost(WAIT).until(() -> engine.browse("q", "G", MessageFilter.ALL, 100).isEmpty());
        }
    }

    @Test
    void anAsynchronousBrowseReadsOnTheEnginesBrowseThreadsNotTheCallers() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1);
            send(fx, 3);
            List<Message> found = engine.browseAsync("q", "G", MessageFilter.of(null, "n >= 1"), 100)
                    .get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(bodies(found)).containsExactly("m1", "m2");
            assertThat(Thread.getAllStackTraces().keySet()).as("the store was read by a browse thread of the engine")
                    .anyMatch(t -> t.getName().equals("junction-browse"));
        }
    }

    @Test
    void withoutMembersTheCommittedOffsetIsWhereTheBrowseStarts() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1);
            send(fx, 10);
            Recorder recorder = new Recorder();
            Subscriber subscriber = memberHolding(engine, "c", recorder, 5);
            for (int i = 0; i < 4; i++) {
                subscriber.ack(recorder.all.get(i));
            }
            await().atMost(WAIT).until(() -> engine.browse("q", "G", MessageFilter.ALL, 100).size() == 6);
            subscriber.close(); // m4 goes back to the group
            await().atMost(WAIT).until(() -> browsed(engine)
                    .equals(List.of("m4", "m5", "m6", "m7", "m8", "m9")));
            fx.restart();
            assertThat(bodies(fx.engine().browse("q", "G", MessageFilter.ALL, 100)))
                    .as("after a restart").containsExactly("m4", "m5", "m6", "m7", "m8", "m9");
        }
    }

    @Test
    void aDurableGroupsNextMemberSkipsWhatTheLastOneAcknowledgedOutOfOrder() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1);
            send(fx, 10);
            Recorder first = new Recorder();
            Subscriber member = memberHolding(engine, "a", first, 8);
            for (int i : new int[] {0, 1, 3, 5, 6}) {
                member.ack(first.all.get(i));
            }
            List<String> pending = List.of("m2", "m4", "m7", "m8", "m9");
            await().atMost(WAIT).until(() -> browsed(engine).equals(pending));
            member.close(); // the group has no member left: m2, m4, m7 go back
            await().atMost(WAIT).until(() -> browsed(engine).equals(pending));

            Recorder second = new Recorder();
            Subscriber next = engine.subscribe(SubscriptionSpec.clustering("q", "G", "b"), second);
            next.grantCredit(1); // one at a time: the skip survives across reads
            Delivery m2 = second.next(WAIT);
            assertThat(browsed(engine)).as("while resuming")
                    .containsExactlyElementsOf(pending);
            next.close(); // leaves again in the middle of the range the first member had read
            await().atMost(WAIT).until(() -> browsed(engine).equals(pending));

            Recorder third = new Recorder();
            Subscriber last = engine.subscribe(SubscriptionSpec.clustering("q", "G", "c"), third);
            last.grantCredit(100);
            await().atMost(WAIT).until(() -> third.all.size() >= 5);
            third.assertStaysAt(5, java.time.Duration.ofMillis(300));
            assertThat(third.bodies()).as("acknowledged messages are not delivered again")
                    .containsExactlyElementsOf(pending);
            assertThat(new String(m2.message().body())).isEqualTo("m2");
        }
    }

    @Test
    void rejectedMessagesWaitingInTheRetryQueueAreShown() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1);
            send(fx, 3);
            Recorder recorder = new Recorder();
            Subscriber subscriber = memberHolding(engine, "c", recorder, 3);
            Delivery first = recorder.all.get(0);
            subscriber.ack(recorder.all.get(1));
            subscriber.ack(recorder.all.get(2));
            subscriber.reject(first); // no credit left: the retry copy waits in %RETRY%G
            await().atMost(WAIT).until(() -> browsed(engine)
                    .equals(List.of("m0")));
            Message shown = engine.browse("q", "G", MessageFilter.ALL, 100).get(0);
            assertThat(shown.topic()).as("the original topic").isEqualTo("q");
            recorder.queue.clear();
            subscriber.grantCredit(1);
            Delivery again = recorder.next(WAIT);
            assertThat(new String(again.message().body())).isEqualTo("m0");
            assertThat(again.redelivered()).isTrue();
            subscriber.ack(again);
            await().atMost(WAIT).until(() -> engine.browse("q", "G", MessageFilter.ALL, 100).isEmpty());
        }
    }
}
