package dev.junctionmq.mqtt.subscription;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicNamesTest {

    /** [MQTT-4.7.1-2], [MQTT-4.7.1-3]: where wildcards may stand. */
    @Test
    void filterValidity() {
        assertThat(TopicNames.isValidFilter("sport/tennis/#")).isTrue();
        assertThat(TopicNames.isValidFilter("#")).isTrue();
        assertThat(TopicNames.isValidFilter("+/tennis/+")).isTrue();
        assertThat(TopicNames.isValidFilter("sport/tennis#")).isFalse();
        assertThat(TopicNames.isValidFilter("sport/tennis/#/ranking")).isFalse();
        assertThat(TopicNames.isValidFilter("sport+")).isFalse();
        assertThat(TopicNames.isValidFilter("")).isFalse();
    }

    /** [MQTT-3.3.2-2]: no wildcards in a topic name; [MQTT-4.7.3-1]: at least one character. */
    @Test
    void topicNameValidity() {
        assertThat(TopicNames.isValidTopicName("a/b")).isTrue();
        assertThat(TopicNames.isValidTopicName("/")).isTrue();
        assertThat(TopicNames.isValidTopicName("a/+")).isFalse();
        assertThat(TopicNames.isValidTopicName("a/#")).isFalse();
        assertThat(TopicNames.isValidTopicName("")).isFalse();
    }

    /** MQTT 5.0 §4.8.2: $share/{ShareName}/{filter}. */
    @Test
    void sharedSubscriptions() {
        TopicNames.SharedFilter shared = TopicNames.parseShared("$share/workers/jobs/+");
        assertThat(shared.shareName()).isEqualTo("workers");
        assertThat(shared.filter()).isEqualTo("jobs/+");
        assertThat(TopicNames.parseShared("jobs/+").shared()).isFalse();
        assertThatThrownBy(() -> TopicNames.parseShared("$share/workers")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicNames.parseShared("$share//a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TopicNames.parseShared("$share/w+/a")).isInstanceOf(IllegalArgumentException.class);
    }

    /** The send route: MQTT publishes and other protocols' sends reach the filter topics that match. */
    @Test
    void filterRoutingMapsTopicsToFilterTopics() {
        FilterRouting routing = new FilterRouting();
        routing.retain("sensors/+");
        routing.retain("sensors/+");
        routing.retain("#");
        Map<String, String> fromMqtt = Map.of("MQTT_TOPIC", "sensors/t1");
        assertThat(routing.alsoDispatchTo(FilterRouting.PUBLISH_TOPIC, fromMqtt)).containsExactlyInAnyOrder(
                "%MQTTF%sensors/+", "%MQTTF%#", "sensors/t1");
        assertThat(routing.alsoDispatchTo("sensors/t1", Map.of()))
                .containsExactlyInAnyOrder("%MQTTF%sensors/+", "%MQTTF%#");
        assertThat(routing.alsoDispatchTo("%RETRY%g", Map.of())).isEmpty();
        routing.release("sensors/+");
        assertThat(routing.alsoDispatchTo("sensors/t1", Map.of())).hasSize(2);
        routing.release("sensors/+");
        assertThat(routing.alsoDispatchTo("sensors/t1", Map.of())).containsExactly("%MQTTF%#");
        String longFilter = "a,b/" + "x".repeat(300);
        assertThat(FilterRouting.filterTopic(longFilter)).startsWith("%MQTTH%").hasSize(7 + 64);
        assertThat(List.of(FilterRouting.filterTopic("a/b"))).containsExactly("%MQTTF%a/b");
    }
}
