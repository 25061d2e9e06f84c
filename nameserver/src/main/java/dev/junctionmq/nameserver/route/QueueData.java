package dev.junctionmq.nameserver.route;

/** A topic's queues on one broker, as in RocketMQ's {@code TopicRouteData.queueDatas}. */
public record QueueData(String brokerName, int readQueueNums, int writeQueueNums, int perm, int topicSysFlag) {

    static QueueData of(String brokerName, TopicConfig topic) {
        return new QueueData(brokerName, topic.readQueueNums(), topic.writeQueueNums(), topic.perm(),
                topic.topicSysFlag());
    }
}
