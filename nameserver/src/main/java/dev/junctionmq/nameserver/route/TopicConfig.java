package dev.junctionmq.nameserver.route;

/**
 * One topic as a broker announces it when registering. {@code perm} bits: 4 read, 2 write, 1 inherit, 8 priority.
 */
public record TopicConfig(String topicName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {
}
