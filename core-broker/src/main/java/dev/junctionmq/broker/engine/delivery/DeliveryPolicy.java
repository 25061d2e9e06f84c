package dev.junctionmq.broker.engine.delivery;

import java.time.Duration;

/**
 * Redelivery rules shared by all groups.
 *
 * @param maxReconsumeTimes  failures after which a message goes to the dead-letter queue (RocketMQ: 16)
 * @param retryDelay         how long a failed message waits in the retry queue before it is delivered again
 * @param visibilityTimeout  how long a delivery may stay unacknowledged before it counts as failed (0 = forever)
 * @param orderlySuspend     how long an ordered queue pauses before retrying a failed message in place
 */
public record DeliveryPolicy(int maxReconsumeTimes, Duration retryDelay, Duration visibilityTimeout,
                             Duration orderlySuspend) {

    public static final DeliveryPolicy DEFAULT =
            new DeliveryPolicy(16, Duration.ZERO, Duration.ofMinutes(15), Duration.ofSeconds(1));

    public static String retryTopic(String group) {
        return "%RETRY%" + group;
    }

    public static String deadLetterTopic(String group) {
        return "%DLQ%" + group;
    }
}
