package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.EngineFixture.Recorder;
import dev.junctionmq.broker.engine.delivery.Delivery;
import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Send routes: a message sent once is also indexed into the topics a route names, body stored once. */
class EngineSendRouteTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void routedTopicsIndexTheSameRecordAndShowWhereItWasSent() throws Exception {
        try (EngineFixture fx = new EngineFixture(dir)) {
            Engine engine = fx.engine();
            engine.topics().create("filter-a", 1);
            engine.topics().create("filter-b", 1);
            List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
            engine.addSendRoute((topic, properties) -> {
                seen.add(Map.copyOf(properties));
                return topic.equals("sensors/t1") ? List.of("filter-a", "filter-b", "missing", "sensors/t1")
                        : List.of();
            });
            Recorder a = new Recorder();
            Recorder b = new Recorder();
            Subscriber sa = engine.subscribe(SubscriptionSpec.clustering("filter-a", "ga", "a"), a);
            Subscriber sb = engine.subscribe(SubscriptionSpec.clustering("filter-b", "gb", "b"), b);
            sa.grantCredit(10);
            sb.grantCredit(10);

            engine.send(OutgoingMessage.builder("sensors/t1").body("21.5".getBytes(StandardCharsets.UTF_8))
                    .property("k", "v").build()).join();
            engine.send(OutgoingMessage.builder("other").body("x".getBytes(StandardCharsets.UTF_8)).build()).join();

            Delivery da = a.next(WAIT);
            Delivery db = b.next(WAIT);
            assertThat(da.message().body()).isEqualTo("21.5".getBytes(StandardCharsets.UTF_8));
            assertThat(db.message().body()).isEqualTo("21.5".getBytes(StandardCharsets.UTF_8));
            assertThat(da.message().topic()).isEqualTo("filter-a");
            assertThat(da.message().sentTopic()).isEqualTo("sensors/t1");
            assertThat(da.message().commitLogOffset()).isEqualTo(db.message().commitLogOffset());
            assertThat(da.message().property("k")).isEqualTo("v");
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).containsEntry("k", "v");
            // "other" was routed nowhere, and the routed message was appended once
            assertThat(a.poll(Duration.ofMillis(300))).isNull();
            assertThat(b.poll(Duration.ofMillis(10))).isNull();
            assertThat(engine.store().maxOffset("sensors/t1", 0) + engine.store().maxOffset("sensors/t1", 1)
                    + engine.store().maxOffset("sensors/t1", 2) + engine.store().maxOffset("sensors/t1", 3))
                    .as("one entry in the topic it was sent to").isEqualTo(1);
        }
    }
}
