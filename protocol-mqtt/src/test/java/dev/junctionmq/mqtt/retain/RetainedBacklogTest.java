package dev.junctionmq.mqtt.retain;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** [MQTT-3.3.1-6]: retained messages of new subscriptions, read one by one when sent, in subscription order. */
class RetainedBacklogTest {

    @TempDir
    Path dir;

    RetainedMessages messages;

    @AfterEach
    void close() {
        messages.close();
    }

    private static RetainedMessage retained(String topic, String text) {
        return new RetainedMessage(topic, 1, text.getBytes(StandardCharsets.UTF_8), Map.of(), 0);
    }

    @Test
    void messagesComeSubscriptionBySubscriptionAsTheyAreWhenSentAndClearedOnesAreSkipped() {
        messages = new RetainedMessages(dir);
        messages.retain(retained("a/1", "one")).join();
        messages.retain(retained("a/2", "two")).join();
        messages.retain(retained("b/1", "three")).join();
        RetainedBacklog<String> backlog = new RetainedBacklog<>(messages);
        backlog.add("a/#", messages.matchingTopics("a/#"));
        backlog.add("none/#", messages.matchingTopics("none/#"));
        backlog.add("b/1", messages.matchingTopics("b/1"));
        assertThat(backlog.isEmpty()).isFalse();

        messages.retain(retained("a/2", "")).join(); // cleared after the subscribe: not sent
        messages.retain(retained("b/1", "three, changed")).join(); // read when sent: the current one

        List<String> sent = new ArrayList<>();
        RetainedBacklog.Next<String> next;
        while ((next = backlog.poll()) != null) {
            sent.add(next.subscription() + " " + new String(next.message().body(), StandardCharsets.UTF_8));
        }
        assertThat(sent).containsExactly("a/# one", "b/1 three, changed");
        assertThat(backlog.isEmpty()).isTrue();
    }

    @Test
    void retainHandlingDecidesWhichSubscriptionsGetThem() {
        messages = new RetainedMessages(dir);
        messages.retain(retained("a/1", "one")).join();
        assertThat(RetainOnSubscribe.topicsFor(messages, "a/#", false, 0, false)).containsExactly("a/1");
        assertThat(RetainOnSubscribe.topicsFor(messages, "a/#", false, 1, true)).containsExactly("a/1");
        assertThat(RetainOnSubscribe.topicsFor(messages, "a/#", false, 1, false)).isEmpty();
        assertThat(RetainOnSubscribe.topicsFor(messages, "a/#", false, 2, true)).isEmpty();
        assertThat(RetainOnSubscribe.topicsFor(messages, "a/#", true, 0, true)).as("shared").isEmpty();
    }
}
