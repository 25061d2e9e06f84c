package dev.junctionmq.broker.engine;

import dev.junctionmq.broker.engine.delivery.DeliveryPolicy;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Engine settings.
 *
 * @param configDirectory     where {@code topics.json}, {@code consumerOffset.json} and timer state live
 * @param autoCreateTopics    create a topic on first send or subscribe instead of refusing
 * @param defaultQueues       queues of an automatically created topic
 * @param deliveryThreads     threads that own queue cursors
 * @param policy              redelivery, retry and dead-letter rules
 * @param offsetFlushInterval how often committed offsets are saved
 */
public record EngineConfig(Path configDirectory, boolean autoCreateTopics, int defaultQueues, int deliveryThreads,
                           DeliveryPolicy policy, Duration offsetFlushInterval) {

    public static EngineConfig defaults(Path configDirectory) {
        return new EngineConfig(configDirectory, true, 8, Math.max(2, Runtime.getRuntime().availableProcessors()),
                DeliveryPolicy.DEFAULT, Duration.ofSeconds(5));
    }

    public EngineConfig withPolicy(DeliveryPolicy newPolicy) {
        return new EngineConfig(configDirectory, autoCreateTopics, defaultQueues, deliveryThreads, newPolicy,
                offsetFlushInterval);
    }

    public EngineConfig withAutoCreateTopics(boolean autoCreate) {
        return new EngineConfig(configDirectory, autoCreate, defaultQueues, deliveryThreads, policy,
                offsetFlushInterval);
    }

    public EngineConfig withDefaultQueues(int queues) {
        return new EngineConfig(configDirectory, autoCreateTopics, queues, deliveryThreads, policy,
                offsetFlushInterval);
    }
}
