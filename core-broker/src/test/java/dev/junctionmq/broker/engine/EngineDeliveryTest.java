package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.EngineFixture.Recorder;
import dev.junctionmq.broker.engine.SendResult;
import dev.junctionmq.broker.engine.delivery.ConsumeMode;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.DeliveryPolicy;
import dev.junctionmq.broker.engine.delivery.StartPosition;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.topic.TopicNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class EngineDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration QUIET = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private static OutgoingMessage text(String topic, String body) {
        return OutgoingMessage.builder(topic).body(body.getBytes()).build();
    }

    private static void sendAll(Engine engine, String topic, int count, String prefix) {
        for (int i = 0; i < count; i++) {
            engine.send(text(topic, prefix + i)).join();
        }
    }

    @Test
    void clusteringGroupDeliversEachMessageToExactlyOneMember() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            Subscriber sa = engine.subscribe(SubscriptionSpec.clustering("orders", "billing", "a"), a);
            Subscriber sb = engine.subscribe(SubscriptionSpec.clustering("orders", "billing", "b"), b);
            sa.grantCredit(1000);
            sb.grantCredit(1000);
            sendAll(engine, "orders", 200, "o");
            await().atMost(WAIT).until(() -> a.all.size() + b.all.size() == 200);
            assertThat(a.all).isNotEmpty();
            assertThat(b.all).isNotEmpty();
            Set<String> union = new HashSet<>(a.bodies());
            union.addAll(b.bodies());
            assertThat(union).hasSize(200);
            // Members own disjoint queues.
            Set<Integer> queuesA = new HashSet<>();
            a.all.forEach(d -> queuesA.add(d.message().queueId()));
            b.all.forEach(d -> assertThat(queuesA).doesNotContain(d.message().queueId()));
            b.assertStaysAt(b.all.size(), QUIET);
            a.assertStaysAt(a.all.size(), QUIET);
        }
    }

    @Test
    void creditBoundsWhatIsDelivered() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            sendAll(engine, "t", 100, "m");
            Recorder r = new Recorder();
            Subscriber s = engine.subscribe(SubscriptionSpec.clustering("t", "g", "m1"), r);
            assertThat(r.poll(QUIET)).as("no credit, no delivery").isNull();
            s.grantCredit(10);
            await().atMost(WAIT).until(() -> r.all.size() == 10);
            r.assertStaysAt(10, QUIET);
            assertThat(s.credit()).isZero();
            s.grantCredit(90);
            await().atMost(WAIT).until(() -> r.all.size() == 100);
            assertThat(new HashSet<>(r.bodies())).hasSize(100);
        }
    }

    @Test
    void ackedMessagesAreNotRedeliveredAfterRestartButUnackedAre() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.engine().topics().create("single", 1);
            sendAll(fx.engine(), "single", 10, "m");
            Recorder r = new Recorder();
            Subscriber s = fx.engine().subscribe(SubscriptionSpec.clustering("single", "g", "m1"), r);
            s.grantCredit(10);
            await().atMost(WAIT).until(() -> r.all.size() == 10);
            for (int i = 0; i < 6; i++) {
                s.ack(r.all.get(i));
            }
            // m6 and m8 stay unacknowledged; m7 and m9 are acknowledged.
            s.ack(r.all.get(7));
            s.ack(r.all.get(9));
            await().atMost(WAIT).until(() -> fx.store().maxOffset("single", 0) == 10);
            fx.restart();

            Recorder again = new Recorder();
            Subscriber s2 = fx.engine().subscribe(SubscriptionSpec.clustering("single", "g", "m2"), again);
            s2.grantCredit(100);
            await().atMost(WAIT).until(() -> again.all.size() >= 4);
            again.assertStaysAt(4, QUIET);
            // The committed offset stops at the first unacknowledged message (m6): what follows comes again.
            assertThat(again.bodies()).containsExactly("m6", "m7", "m8", "m9");
        }
    }

    @Test
    void rejectedMessageComesBackThroughTheRetryQueueAndFinallyTheDeadLetterQueue() throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(2, Duration.ZERO, Duration.ZERO, Duration.ofMillis(50));
        try (EngineFixture fx = new EngineFixture(dir, policy)) {
            Engine engine = fx.engine();
            Recorder r = new Recorder();
            Subscriber s = engine.subscribe(SubscriptionSpec.clustering("jobs", "workers", "w1"), r);
            s.grantCredit(100);
            engine.send(OutgoingMessage.builder("jobs").body("poison".getBytes()).property("k", "v").build()).join();

            Delivery first = r.next(WAIT);
            assertThat(first.deliveryCount()).isEqualTo(1);
            assertThat(first.redelivered()).isFalse();
            s.reject(first);
            Delivery second = r.next(WAIT);
            assertThat(second.message().topic()).as("retry copy shows the original topic").isEqualTo("jobs");
            assertThat(second.deliveryCount()).isEqualTo(2);
            assertThat(second.redelivered()).isTrue();
            assertThat(second.message().property("k")).isEqualTo("v");
            assertThat(second.message().messageId()).isEqualTo(first.message().messageId());
            s.reject(second);
            Delivery third = r.next(WAIT);
            assertThat(third.deliveryCount()).isEqualTo(3);
            s.reject(third);
            assertThat(r.poll(QUIET)).as("after 2 retries it goes to the DLQ").isNull();

            String dlq = DeliveryPolicy.deadLetterTopic("workers");
            await().atMost(WAIT).until(() -> fx.store().maxOffset(dlq, 0) == 1);
            List<Message> dead = engine.browse(dlq, 0, 0, 10);
            assertThat(dead).singleElement().satisfies(m -> {
                assertThat(new String(m.body())).isEqualTo("poison");
                assertThat(m.reconsumeTimes()).isEqualTo(3);
                assertThat(m.property("RETRY_TOPIC")).isEqualTo("jobs");
            });
            fx.restart();
            assertThat(fx.engine().browse(dlq, 0, 0, 10)).as("dead letters survive a restart").hasSize(1);
        }
    }

    @Test
    void releasedMessageIsRedeliveredWithoutCountingAFailure() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            Recorder r = new Recorder();
            Subscriber s = engine.subscribe(SubscriptionSpec.clustering("t", "g", "m"), r);
            s.grantCredit(10);
            engine.send(text("t", "x")).join();
            Delivery d = r.next(WAIT);
            s.release(d);
            Delivery again = r.next(WAIT);
            assertThat(again.message().queueOffset()).isEqualTo(d.message().queueOffset());
            assertThat(again.deliveryCount()).isEqualTo(1);
            assertThat(again.redelivered()).isTrue();
        }
    }

    @Test
    void unacknowledgedDeliveryIsRedeliveredAfterTheVisibilityTimeout() throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(16, Duration.ZERO, Duration.ofMillis(500), Duration.ofMillis(50));
        try (EngineFixture fx = new EngineFixture(dir, policy)) {
            Engine engine = fx.engine();
            Recorder r = new Recorder();
            Subscriber s = engine.subscribe(SubscriptionSpec.clustering("t", "g", "m"), r);
            s.grantCredit(10);
            engine.send(text("t", "slow")).join();
            Delivery d = r.next(WAIT);
            Delivery again = r.next(WAIT);
            assertThat(new String(again.message().body())).isEqualTo("slow");
            assertThat(again.deliveryCount()).isEqualTo(2);
            assertThat(d.deliveryCount()).isEqualTo(1);
        }
    }

    @Test
    void leavingMemberHandsItsUnackedMessagesToTheRestAndLiveMembersGetNoDuplicates() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            Recorder a = new Recorder();
            Subscriber sa = engine.subscribe(SubscriptionSpec.clustering("work", "g", "a"), a);
            sa.grantCredit(1000);
            sendAll(engine, "work", 100, "w");
            await().atMost(WAIT).until(() -> a.all.size() == 100);
            // a acknowledges half, then b joins and takes over some queues.
            for (int i = 0; i < 50; i++) {
                sa.ack(a.all.get(i));
            }
            Recorder b = new Recorder();
            Subscriber sb = engine.subscribe(SubscriptionSpec.clustering("work", "g", "b"), b);
            sb.grantCredit(1000);
            sendAll(engine, "work", 100, "x");
            await().atMost(WAIT).until(() -> a.all.size() + b.all.size() >= 200);
            assertThat(b.all).isNotEmpty();
            assertThat(b.bodies()).as("b never sees what live a already holds").noneMatch(body -> body.startsWith("w"));
            // a leaves without acknowledging the rest: all of it goes to b, once.
            Set<String> aUnacked = new HashSet<>();
            for (int i = 50; i < a.all.size(); i++) {
                aUnacked.add(new String(a.all.get(i).message().body()));
            }
            sa.close();
            await().atMost(WAIT).until(() -> b.bodies().containsAll(aUnacked));
            Set<String> everything = new HashSet<>(b.bodies());
            a.all.subList(0, 50).forEach(d -> everything.add(new String(d.message().body())));
            assertThat(everything).hasSize(200);
            assertThat(b.bodies()).doesNotHaveDuplicates();
        }
    }

    @Test
    void aGroupStartingFromNowNeverGetsASendAcknowledgedBeforeItSubscribed() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("now", 1);
            // The dispatcher indexes asynchronously: right after a send completes, its message may not be in the
            // consume queue yet. Many rounds make that window likely to be hit.
            for (int round = 0; round < 200; round++) {
                engine.send(text("now", "before-" + round)).join();
                Recorder r = new Recorder();
                Subscriber s = engine.subscribe(SubscriptionSpec.clustering("now", "late-" + round, "m")
                        .withStart(StartPosition.LAST, 0).withDurable(false), r);
                s.grantCredit(10);
                engine.send(text("now", "after-" + round)).join();
                assertThat(new String(r.next(WAIT).message().body())).as("round " + round)
                        .isEqualTo("after-" + round);
                s.close();
            }
        }
    }

    @Test
    void broadcastingDeliversEveryMessageToEveryMember() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            SubscriptionSpec spec = SubscriptionSpec.clustering("news", "readers", "a").withMode(ConsumeMode.BROADCASTING)
                    .withStart(StartPosition.LAST, 0);
            engine.subscribe(spec, a).grantCredit(100);
            engine.subscribe(new SubscriptionSpec("news", "readers", "b", MessageFilter.ALL, StartPosition.LAST, 0,
                    ConsumeMode.BROADCASTING, true, false), b).grantCredit(100);
            sendAll(engine, "news", 20, "n");
            await().atMost(WAIT).until(() -> a.all.size() == 20 && b.all.size() == 20);
            assertThat(new HashSet<>(a.bodies())).isEqualTo(new HashSet<>(b.bodies()));
        }
    }

    @Test
    void tagFilterDeliversOnlyMatchingTags() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            for (int i = 0; i < 30; i++) {
                engine.send(OutgoingMessage.builder("t").body(("m" + i).getBytes())
                        .tag(i % 3 == 0 ? "TagA" : i % 3 == 1 ? "TagB" : "TagC").build()).join();
            }
            Recorder r = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("t", "g", "m")
                    .withFilter(MessageFilter.of("TagA || TagC", null)), r).grantCredit(100);
            await().atMost(WAIT).until(() -> r.all.size() == 20);
            r.assertStaysAt(20, QUIET);
            assertThat(r.all).allMatch(d -> !"TagB".equals(d.message().tag()));
        }
    }

    @Test
    void selectorFilterUsesMessageProperties() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.send(OutgoingMessage.builder("t").body("red".getBytes()).property("color", "red").build()).join();
            engine.send(OutgoingMessage.builder("t").body("blue".getBytes()).property("color", "blue").build()).join();
            engine.send(OutgoingMessage.builder("t").body("none".getBytes()).build()).join();
            Recorder r = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("t", "g", "m")
                    .withFilter(MessageFilter.of(null, "color = 'blue' OR color = 'red'")), r).grantCredit(10);
            await().atMost(WAIT).until(() -> r.all.size() == 2);
            r.assertStaysAt(2, QUIET);
            assertThat(r.bodies()).containsExactlyInAnyOrder("red", "blue");
        }
    }

    @Test
    void startPositionsApplyToNewGroupsOnly() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("t", 1);
            sendAll(engine, "t", 5, "old");
            await().atMost(WAIT).until(() -> fx.store().maxOffset("t", 0) == 5);
            long between = System.currentTimeMillis() + 1;
            await().atMost(WAIT).until(() -> System.currentTimeMillis() > between);
            sendAll(engine, "t", 3, "new");

            Recorder first = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("t", "from-first", "m"), first).grantCredit(100);
            Recorder last = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("t", "from-last", "m").withStart(StartPosition.LAST, 0), last)
                    .grantCredit(100);
            Recorder byTime = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("t", "from-time", "m")
                    .withStart(StartPosition.TIMESTAMP, between), byTime).grantCredit(100);
            await().atMost(WAIT).until(() -> first.all.size() == 8 && byTime.all.size() == 3);
            assertThat(byTime.bodies()).containsExactly("new0", "new1", "new2");
            assertThat(last.poll(QUIET)).isNull();
            engine.send(text("t", "later")).join();
            assertThat(new String(last.next(WAIT).message().body())).isEqualTo("later");
        }
    }

    @Test
    void orderlyGroupRetriesInPlaceAndKeepsQueueOrder() throws Exception {
        DeliveryPolicy policy = new DeliveryPolicy(16, Duration.ZERO, Duration.ZERO, Duration.ofMillis(50));
        try (EngineFixture fx = new EngineFixture(dir, policy)) {
            Engine engine = fx.engine();
            for (int i = 0; i < 10; i++) {
                engine.send(OutgoingMessage.builder("orders").body(("step" + i).getBytes()).shardingKey("order-42")
                        .build()).join();
            }
            Recorder r = new Recorder();
            Subscriber s = engine.subscribe(SubscriptionSpec.clustering("orders", "g", "m").withOrderly(true), r);
            s.grantCredit(100);
            List<String> processed = new ArrayList<>();
            boolean failedOnce = false;
            while (processed.size() < 10) {
                Delivery d = r.next(WAIT);
                String body = new String(d.message().body());
                if (body.equals("step3") && !failedOnce) {
                    failedOnce = true;
                    assertThat(r.poll(QUIET)).as("nothing overtakes an unacknowledged ordered message").isNull();
                    s.reject(d);
                    continue;
                }
                processed.add(body);
                s.ack(d);
            }
            assertThat(processed).containsExactly("step0", "step1", "step2", "step3", "step4", "step5", "step6",
                    "step7", "step8", "step9");
        }
    }

    @Test
    void shardingKeyKeepsMessagesInOneQueue() {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Set<Integer> queues = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                queues.add(fx.engine().send(OutgoingMessage.builder("t").body(new byte[1]).shardingKey("customer-7")
                        .build()).join().queueId());
            }
            assertThat(queues).hasSize(1);
        }
    }

    @Test
    void expiredMessagesAreNotDelivered() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.send(OutgoingMessage.builder("t").body("stale".getBytes())
                    .expiresAt(System.currentTimeMillis() - 1).build()).join();
            engine.send(OutgoingMessage.builder("t").body("fresh".getBytes())
                    .expiresAt(System.currentTimeMillis() + 60_000).build()).join();
            Recorder r = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("t", "g", "m"), r).grantCredit(10);
            assertThat(new String(r.next(WAIT).message().body())).isEqualTo("fresh");
            assertThat(r.poll(QUIET)).isNull();
        }
    }

    @Test
    void delayedMessageArrivesAtItsTimeEvenAcrossARestart() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            long deliverAt = System.currentTimeMillis() + 1500;
            fx.engine().send(OutgoingMessage.builder("t").body("later".getBytes()).deliverAt(deliverAt).build()).join();
            fx.restart();
            Recorder r = new Recorder();
            fx.engine().subscribe(SubscriptionSpec.clustering("t", "g", "m"), r).grantCredit(10);
            Delivery d = r.next(WAIT);
            assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(deliverAt);
            assertThat(new String(d.message().body())).isEqualTo("later");
            assertThat(r.poll(QUIET)).isNull();
        }
    }

    @Test
    void browsingReadsWithoutConsuming() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("q", 1);
            sendAll(engine, "q", 5, "b");
            await().atMost(WAIT).until(() -> fx.store().maxOffset("q", 0) == 5);
            assertThat(engine.browse("q", 0, 0, 10)).extracting(m -> new String(m.body()))
                    .containsExactly("b0", "b1", "b2", "b3", "b4");
            Recorder r = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("q", "g", "m"), r).grantCredit(10);
            await().atMost(WAIT).until(() -> r.all.size() == 5);
        }
    }

    @Test
    void topicsPersistAndUnknownTopicsAreRefusedWhenAutoCreateIsOff() {
        try (EngineFixture fx = new EngineFixture(dir)) {
            fx.engine().topics().create("kept", 3);
            fx.restart();
            assertThat(fx.engine().topics().find("kept")).get().satisfies(t -> assertThat(t.queues()).isEqualTo(3));
            assertThat(fx.engine().deleteTopic("kept")).isTrue();
            fx.restart();
            assertThat(fx.engine().topics().find("kept")).isEmpty();
        }
        try (var store = dev.junctionmq.broker.store.MessageStore.open(dev.junctionmq.broker.store.StoreConfig
                .builder(dir).commitLogSegmentSize(4 << 20).maxMessageSize(256 * 1024).indexHashSlots(4096)
                .indexMaxEntries(16_384).build());
             Engine strict = new Engine(EngineConfig.defaults(dir.resolve("config")).withAutoCreateTopics(false),
                     store)) {
            assertThatThrownBy(() -> strict.send(text("nope", "x"))).isInstanceOf(TopicNotFoundException.class)
                    .hasMessageContaining("'nope'").hasMessageContaining("automatic topic creation is off");
        }
    }

    @Test
    void stalledConsumerLeavesItsBacklogOnDiskNotInTheHeap() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("firehose", 4);
            Recorder r = new Recorder();
            Subscriber stalled = engine.subscribe(SubscriptionSpec.clustering("firehose", "slow", "s"), r);
            stalled.grantCredit(8);
            System.gc();
            long before = usedHeap();
            byte[] body = new byte[16 * 1024];
            List<java.util.concurrent.CompletableFuture<SendResult>> sends = new ArrayList<>();
            for (int i = 0; i < 12_000; i++) {  // about 190 MiB of backlog
                sends.add(engine.send(OutgoingMessage.builder("firehose").body(body).build()));
            }
            sends.forEach(java.util.concurrent.CompletableFuture::join);
            sends.clear();
            await().atMost(WAIT).until(() -> fx.store().dispatchLagBytes() == 0);
            r.assertStaysAt(8, QUIET);
            System.gc();
            long grown = usedHeap() - before;
            assertThat(grown).as("heap growth with a 190 MiB backlog and 8 messages of credit")
                    .isLessThan(48L * 1024 * 1024);
        }
    }

    @Test
    void deletingATopicRemovesItsQueuesAndOffsets() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("gone", 1);
            sendAll(engine, "gone", 3, "g");
            Recorder r = new Recorder();
            Subscriber s = engine.subscribe(SubscriptionSpec.clustering("gone", "g", "m"), r);
            s.grantCredit(10);
            await().atMost(WAIT).until(() -> r.all.size() == 3);
            r.all.forEach(s::ack);
            s.close();
            assertThat(engine.deleteTopic("gone")).isTrue();
            assertThat(fx.store().maxOffset("gone", 0)).isZero();
            assertThat(java.nio.file.Files.exists(dir.resolve("consumequeue").resolve("gone"))).isFalse();
            // Created again, it starts empty, and the old group starts over.
            engine.topics().create("gone", 1);
            assertThat(engine.send(text("gone", "new")).join().queueOffset()).isZero();
            Recorder again = new Recorder();
            engine.subscribe(SubscriptionSpec.clustering("gone", "g", "m"), again).grantCredit(10);
            assertThat(new String(again.next(WAIT).message().body())).isEqualTo("new");
        }
    }

    @Test
    void nonDurableGroupForgetsItsOffsetsWhenItsLastMemberLeaves() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("t", 1);
            sendAll(engine, "t", 3, "m");
            for (boolean durable : new boolean[] {true, false}) {
                String group = durable ? "durable" : "transient";
                Recorder r = new Recorder();
                Subscriber s = engine.subscribe(SubscriptionSpec.clustering("t", group, "a").withDurable(durable), r);
                s.grantCredit(10);
                await().atMost(WAIT).until(() -> r.all.size() == 3);
                r.all.forEach(s::ack);
                s.close();
            }
            fx.restart();
            Recorder durable = new Recorder();
            fx.engine().subscribe(SubscriptionSpec.clustering("t", "durable", "b"), durable).grantCredit(10);
            Recorder fresh = new Recorder();
            fx.engine().subscribe(SubscriptionSpec.clustering("t", "transient", "b").withDurable(false), fresh)
                    .grantCredit(10);
            await().atMost(WAIT).until(() -> fresh.all.size() == 3);
            durable.assertStaysAt(0, QUIET);
        }
    }

    /**
     * A durable group that starts "from now on" starts at its subscribe even when its only member leaves before the
     * first read (an MQTT persistent session that subscribes and disconnects): what is sent while it is away comes
     * when it is back, also after a restart.
     */
    @Test
    void durableGroupWhoseMemberLeavesAtOnceStillGetsWhatWasSentMeanwhile() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("t", 1);
            sendAll(engine, "t", 2, "before");
            engine.subscribe(SubscriptionSpec.clustering("t", "away", "a").withStart(StartPosition.LAST, 0),
                    new Recorder()).close();
            sendAll(engine, "t", 2, "meanwhile");
            fx.restart();
            Recorder back = new Recorder();
            fx.engine().subscribe(SubscriptionSpec.clustering("t", "away", "a").withStart(StartPosition.LAST, 0),
                    back).grantCredit(10);
            await().atMost(WAIT).until(() -> back.all.size() == 2);
            assertThat(back.bodies()).containsExactly("meanwhile0", "meanwhile1");
            back.assertStaysAt(2, QUIET);
        }
    }

    /**
     * A durable group exists from its subscribe on, even when its only member leaves before the delivery thread has
     * fixed where it starts: looked up right after (a STOMP UNSUBSCRIBE with the subscription's name), it is found
     * and deleted, instead of coming back a moment later at the offset of that subscribe.
     */
    @Test
    void durableGroupWhoseMemberLeftAtOnceIsFoundAndDeleted() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("t", 1);
            for (int i = 0; i < 50; i++) {
                String group = "left-at-once-" + i;
                engine.subscribe(SubscriptionSpec.clustering("t", group, "a").withStart(StartPosition.LAST, 0),
                        new Recorder()).close();
                assertThat(engine.durableGroupTopic(group)).as(group).contains("t");
                assertThat(engine.deleteGroup(group)).as(group).isTrue();
                assertThat(engine.durableGroupTopic(group)).as(group).isEmpty();
            }
        }
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
