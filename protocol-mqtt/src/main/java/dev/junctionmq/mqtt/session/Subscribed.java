package dev.junctionmq.mqtt.session;

import dev.junctionmq.mqtt.state.Codec;
import dev.junctionmq.mqtt.subscription.FilterRouting;

/**
 * One subscription of a session, as the client asked for it (MQTT 3.1.1 §3.8, MQTT 5.0 §3.8.3.1).
 *
 * @param subscribed        the topic filter as sent, {@code $share/<name>/} prefix included: the key within the
 *                          session
 * @param filter            the filter without the share prefix
 * @param shareName         the share name of a shared subscription, else null
 * @param qos               maximum QoS granted
 * @param noLocal           MQTT 5: do not deliver the session's own publishes
 * @param retainAsPublished MQTT 5: keep the RETAIN flag as published instead of clearing it
 * @param retainHandling    MQTT 5: 0 send retained on subscribe, 1 only if the subscription is new, 2 never
 * @param subscriptionId    MQTT 5 subscription identifier, 0 for none
 * @param since             epoch ms when the subscription was made: a new consumer group starts there
 */
record Subscribed(String subscribed, String filter, String shareName, int qos, boolean noLocal,
                  boolean retainAsPublished, int retainHandling, int subscriptionId, long since) {

    boolean shared() {
        return shareName != null;
    }

    String coreTopic() {
        return FilterRouting.filterTopic(filter);
    }

    void encode(Codec.Writer out) {
        out.string(subscribed).string(filter).string(shareName).integer(qos).flag(noLocal).flag(retainAsPublished)
                .integer(retainHandling).integer(subscriptionId).number(since);
    }

    static Subscribed decode(Codec.Reader in) {
        return new Subscribed(in.string(), in.string(), in.string(), in.integer(), in.flag(), in.flag(),
                in.integer(), in.integer(), in.number());
    }
}
