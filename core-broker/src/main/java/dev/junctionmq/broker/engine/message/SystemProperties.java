package dev.junctionmq.broker.engine.message;

import java.util.Set;

/**
 * Properties that only the broker sets: RocketMQ's system keys, the engine's, and every name with the
 * {@value #RESERVED_PREFIX} prefix, under which front ends keep what they need of a message for themselves (its
 * origin connection, an AMQP message's exact sections, the types of its properties). Front ends never take one of
 * these from a client (a STOMP header, an MQTT user property, an AMQP application property) and never show one to a
 * client: a client that could set them could forge another protocol's view of a message.
 */
public final class SystemProperties {

    /** Prefix of the properties Junction's front ends keep with a message for themselves. */
    public static final String RESERVED_PREFIX = "JMQ_";

    private static final Set<String> ROCKETMQ_AND_ENGINE = Set.of("UNIQ_KEY", "DELAY", "RETRY_TOPIC", "REAL_TOPIC",
            "REAL_QID", "TRAN_MSG", "PGROUP", "RECONSUME_TIME", "MAX_RECONSUME_TIMES", "WAIT", "__SHARDINGKEY",
            "TIMER_DELIVER_MS", "TIMER_DELAY_SEC", "TIMER_DELAY_MS", "INNER_MULTI_DISPATCH",
            "INNER_MULTI_QUEUE_OFFSET", "CLUSTER", "MIN_OFFSET", "MAX_OFFSET", EngineProperties.EXPIRES_AT,
            EngineProperties.ORIGIN_OFFSET_ID, EngineProperties.ORIGIN_QUEUE_ID);

    private SystemProperties() {
    }

    public static boolean isSystem(String name) {
        return ROCKETMQ_AND_ENGINE.contains(name) || name.startsWith(RESERVED_PREFIX);
    }
}
