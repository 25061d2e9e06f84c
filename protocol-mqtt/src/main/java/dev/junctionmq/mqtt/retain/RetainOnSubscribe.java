package dev.junctionmq.mqtt.retain;

import java.util.List;

/**
 * Which retained messages a subscription gets when it is made [MQTT-3.3.1-6]: MQTT 5.0 §3.8.3.1 retain handling 0
 * sends them, 1 only if the subscription is new, 2 never; a shared subscription gets none (its messages go to one
 * member of the share, and no member's subscribe stands for the share's).
 */
public final class RetainOnSubscribe {

    private RetainOnSubscribe() {
    }

    /** The topic names with a retained message the subscription gets, found in the retained topic tree. */
    public static List<String> topicsFor(RetainedMessages retained, String filter, boolean shared, int retainHandling,
                                         boolean newSubscription) {
        boolean send = !shared && (retainHandling == 0 || (retainHandling == 1 && newSubscription));
        return send ? retained.matchingTopics(filter) : List.of();
    }
}
