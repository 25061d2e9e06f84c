package dev.junctionmq.broker.server;

import dev.junctionmq.broker.engine.Engine;
import dev.junctionmq.broker.engine.EngineConfig;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.filter.MessageFilter;
import dev.junctionmq.broker.engine.filter.SelectorConflictException;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.AuthorizationException;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.security.FileAuthService;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.DestinationNames;
import dev.junctionmq.broker.spi.SendRejectedException;
import dev.junctionmq.broker.store.MessageStore;
import dev.junctionmq.broker.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Sessions as front ends use them: temporary topics, local transactions, limits, authorization. */
class EngineSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private MessageStore store;
    private Engine engine;
    private EngineBrokerServices services;

    @BeforeEach
    void open() {
        store = MessageStore.open(StoreConfig.builder(dir).commitLogSegmentSize(4 << 20).maxMessageSize(64 * 1024)
                .indexHashSlots(1024).indexMaxEntries(4096).build());
        engine = new Engine(EngineConfig.defaults(dir.resolve("config")).withDefaultQueues(2), store);
        services = new EngineBrokerServices(engine, FileAuthService.allowAll(), 1024, Duration.ofSeconds(5),
                dir.resolve("frontends"));
    }

    @AfterEach
    void close() {
        engine.close();
        store.close();
    }

    private BrokerSession session(String clientId) {
        return services.openSession(services.auth().authenticate(null, null), clientId, "test");
    }

    private static OutgoingMessage text(String topic, String body) {
        return OutgoingMessage.builder(topic).body(body.getBytes()).build();
    }

    @Test
    void temporaryTopicVanishesWithItsSession() throws Exception {
        BrokerSession owner = session("requester");
        String replyTo = owner.createTemporaryTopic();
        BlockingQueue<Delivery> replies = new LinkedBlockingQueue<>();
        owner.subscribe(SubscriptionSpec.clustering(replyTo, "reply", "r"), replies::add).grantCredit(10);
        try (BrokerSession responder = session("responder")) {
            responder.send(text(replyTo, "pong")).join();
        }
        Delivery reply = replies.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(reply).isNotNull();
        assertThat(new String(reply.message().body())).isEqualTo("pong");
        owner.close();
        assertThat(engine.topics().find(replyTo)).isEmpty();
        assertThat(store.maxOffset(replyTo, 0)).as("its queue is gone").isZero();
    }

    @Test
    void committedTransactionSendsAndAcknowledgesTogether() throws Exception {
        engine.topics().create("in", 1);
        BrokerSession session = session("tx");
        session.send(text("in", "work")).join();
        BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
        Subscriber subscriber = session.subscribe(SubscriptionSpec.clustering("in", "g", "m"), inbox::add);
        subscriber.grantCredit(10);
        Delivery work = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(work).isNotNull();

        BrokerSession.LocalTransaction tx = session.beginTransaction();
        tx.send(text("out", "result"));
        tx.acknowledge(subscriber, work);
        assertThat(engine.topics().find("out")).as("nothing is sent before commit").isEmpty();
        tx.commit().get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> engine.topics().find("out").isPresent()
                && session.browse("out", 10).size() == 1);
        assertThat(new String(session.browse("out", 10).get(0).body())).isEqualTo("result");
        // The acknowledgement took effect: a new member of the group gets nothing.
        subscriber.close();
        BlockingQueue<Delivery> again = new LinkedBlockingQueue<>();
        session.subscribe(SubscriptionSpec.clustering("in", "g", "m2"), again::add).grantCredit(10);
        assertThat(again.poll(500, TimeUnit.MILLISECONDS)).isNull();
        session.close();
    }

    @Test
    void rolledBackTransactionSendsNothingAndRedeliversAsRedelivered() throws Exception {
        engine.topics().create("in", 1);
        BrokerSession session = session("tx");
        session.send(text("in", "work")).join();
        BlockingQueue<Delivery> inbox = new LinkedBlockingQueue<>();
        Subscriber subscriber = session.subscribe(SubscriptionSpec.clustering("in", "g", "m"), inbox::add);
        subscriber.grantCredit(10);
        Delivery first = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).isNotNull();

        BrokerSession.LocalTransaction tx = session.beginTransaction();
        tx.send(text("out", "never"));
        tx.acknowledge(subscriber, first);
        tx.rollback();

        Delivery second = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(second).isNotNull();
        assertThat(new String(second.message().body())).isEqualTo("work");
        assertThat(second.redelivered()).isTrue();
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(engine.topics().find("out")).isEmpty();
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class);
        session.close();
    }

    @Test
    void oversizedSendIsRejectedWithBothSizesAndTheSessionGoesOn() {
        try (BrokerSession session = session("big")) {
            assertThatThrownBy(() -> session.send(OutgoingMessage.builder("t").body(new byte[2048]).build()))
                    .isInstanceOf(SendRejectedException.class)
                    .hasMessageContaining("2048 bytes").hasMessageContaining("1024 bytes");
            assertThat(session.send(text("t", "small")).join().queueOffset()).isZero();
        }
    }

    @Test
    void everySessionCallIsAuthorized() throws Exception {
        Path file = dir.resolve("security.properties");
        Properties p = new Properties();
        p.setProperty("user.bob.password", "pw");
        p.setProperty("user.bob.roles", "readers");
        p.setProperty("permit.readers", "consume:news.*, browse:news.*");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, null);
        }
        FileAuthService auth = FileAuthService.load(file);
        EngineBrokerServices secured = new EngineBrokerServices(engine, auth, 1024, Duration.ofSeconds(5),
                dir.resolve("frontends"));
        BrokerPrincipal bob = auth.authenticate("bob", "pw");
        assertThat(bob.roles()).isEqualTo(Set.of("readers"));
        try (BrokerSession session = secured.openSession(bob, "bob-1", "test")) {
            assertThatThrownBy(() -> session.send(text("news.sports", "x"))).isInstanceOf(AuthorizationException.class)
                    .hasMessage("user 'bob' is not allowed to send on 'news.sports'");
            assertThat(session.subscribe(SubscriptionSpec.clustering("news.sports", "g", "b"), d -> { })).isNotNull();
            assertThat(session.browse("news.sports", 1)).isEmpty();
            assertThatThrownBy(() -> session.browse("payroll", 1)).isInstanceOf(AuthorizationException.class);
            // A temporary topic belongs to its session, whatever the permissions say.
            String temp = session.createTemporaryTopic();
            assertThat(session.send(text(temp, "mine")).join()).isNotNull();
        }
        assertThat(List.of(auth.anonymousAllowed())).containsExactly(false);
        // A trusted session (the front end authorizes on names of its own) is not authorized by the broker.
        try (BrokerSession trusted = secured.openTrustedSession("mqtt-client", "test")) {
            assertThat(trusted.send(text("payroll", "x")).join()).isNotNull();
            assertThat(trusted.subscribe(SubscriptionSpec.clustering("payroll", "g2", "t"), d -> { })).isNotNull();
        }
    }

    @Test
    void frontEndStateDirectoriesAndTopics() {
        EngineBrokerServices withState = new EngineBrokerServices(engine, FileAuthService.allowAll(), 1024,
                Duration.ofSeconds(5), dir.resolve("frontends"));
        Path state = withState.stateDirectory("mqtt");
        assertThat(state).isDirectory().isEqualTo(dir.resolve("frontends").resolve("mqtt"));
        assertThatThrownBy(() -> withState.stateDirectory("../x")).isInstanceOf(IllegalArgumentException.class);
        withState.createTopic("%MQTTF%a/+", 1);
        assertThat(engine.topics().find("%MQTTF%a/+")).hasValueSatisfying(t -> assertThat(t.queues()).isEqualTo(1));
    }

    @Test
    void aDeletedDurableSubscriptionStartsAfreshAndKeepsNothingForItsOldName() throws Exception {
        String group = "app1.feed";
        engine.topics().create("prices", 1); // one queue: once a group has an offset, its only cursor has started
        try (BrokerSession session = session("app1")) {
            BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
            SubscriptionSpec spec = SubscriptionSpec.clustering("prices", group, "m1")
                    .withStart(dev.junctionmq.broker.engine.delivery.StartPosition.LAST, 0);
            Subscriber subscriber = session.subscribe(spec, received::add);
            subscriber.grantCredit(10);
            await().atMost(WAIT).until(() -> session.durableSubscriptionTopic(group).isPresent());
            assertThat(session.durableSubscriptionTopic(group)).contains("prices");
            assertThatThrownBy(() -> session.deleteDurableSubscription(group))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("active");
            subscriber.close();
            // an observer proves the next message is dispatched before the subscription is deleted and renewed
            BlockingQueue<Delivery> observed = new LinkedBlockingQueue<>();
            Subscriber observer = session.subscribe(SubscriptionSpec.clustering("prices", "observer", "o")
                    .withStart(dev.junctionmq.broker.engine.delivery.StartPosition.LAST, 0), observed::add);
            observer.grantCredit(10);
            await().atMost(WAIT).until(() -> session.durableSubscriptionTopic("observer").isPresent());
            session.send(text("prices", "kept for the subscription")).join();
            assertThat(observed.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            assertThat(session.deleteDurableSubscription(group)).isTrue();
            assertThat(session.durableSubscriptionTopic(group)).isEmpty();
            assertThat(session.deleteDurableSubscription(group)).isFalse();

            // the same name again is a new subscription: it starts from now, the old message is not kept for it
            Subscriber renewed = session.subscribe(spec.withStart(
                    dev.junctionmq.broker.engine.delivery.StartPosition.LAST, 0), received::add);
            renewed.grantCredit(10);
            await().atMost(WAIT).until(() -> session.durableSubscriptionTopic(group).isPresent());
            session.send(text("prices", "new")).join();
            Delivery delivery = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(delivery).isNotNull();
            assertThat(new String(delivery.message().body())).isEqualTo("new");
        }
    }

    @Test
    void aQueuesReceiversKeepTheirOwnSelectorsWhileASharedSubscriptionsConsumersShareOne() {
        engine.topics().create("orders", 2);
        BrokerSession session = session("app");
        String queue = DestinationNames.queueGroup("orders");
        MessageFilter red = MessageFilter.of(null, "color = 'red'");
        MessageFilter blue = MessageFilter.of(null, "color = 'blue'");
        session.subscribe(SubscriptionSpec.clustering("orders", queue, "r1").withFilter(red), d -> { });
        assertThat(session.subscribe(SubscriptionSpec.clustering("orders", queue, "r2").withFilter(blue), d -> { }))
                .as("a queue's receivers each have their own selector (QueueMemberFiltersTest)").isNotNull();

        String shared = DestinationNames.sharedSubscriptionGroup("feed");
        Subscriber first = session.subscribe(SubscriptionSpec.clustering("orders", shared, "s1").withFilter(red),
                d -> { });
        assertThatThrownBy(() -> session.subscribe(SubscriptionSpec.clustering("orders", shared, "s2")
                .withFilter(blue), d -> { }))
                .as("a shared subscription's consumers share its selector (Jakarta Messaging 3.1, 8.3.2)")
                .isInstanceOf(SelectorConflictException.class)
                .hasMessageContaining("color = 'red'").hasMessageContaining("color = 'blue'");
        first.close();
        assertThat(session.subscribe(SubscriptionSpec.clustering("orders", shared, "s3").withFilter(blue), d -> { }))
                .as("once the red consumers have left, a blue one may come").isNotNull();

        // A RocketMQ-style group keeps RocketMQ's rule: the newest subscription's filter is the group's.
        session.subscribe(SubscriptionSpec.clustering("orders", "rocketmq-group", "c1").withFilter(red), d -> { });
        assertThat(session.subscribe(SubscriptionSpec.clustering("orders", "rocketmq-group", "c2").withFilter(blue),
                d -> { })).isNotNull();
    }
}
