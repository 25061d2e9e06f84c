package dev.junctionmq.broker.engine.topic;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A topic and its queues, in the shape of RocketMQ's {@code topics.json} entries.
 *
 * @param topicName      the topic
 * @param readQueueNums  queues consumers read (equal to the write queues here)
 * @param writeQueueNums queues producers write
 * @param perm           RocketMQ permission bits: 4 readable, 2 writable (6 = both)
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm) {

    public static final int PERM_READ = 4;
    public static final int PERM_WRITE = 2;

    @JsonCreator
    public TopicConfig(@JsonProperty("topicName") String topicName, @JsonProperty("readQueueNums") int readQueueNums,
                       @JsonProperty("writeQueueNums") int writeQueueNums, @JsonProperty("perm") int perm) {
        this.topicName = topicName;
        this.readQueueNums = readQueueNums;
        this.writeQueueNums = writeQueueNums;
        this.perm = perm;
    }

    public static TopicConfig of(String name, int queues) {
        return new TopicConfig(name, queues, queues, PERM_READ | PERM_WRITE);
    }

    public int queues() {
        return writeQueueNums;
    }
}
