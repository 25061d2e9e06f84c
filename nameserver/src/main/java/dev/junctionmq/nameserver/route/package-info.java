/**
 * The route table and the JSON shapes RocketMQ clients and brokers exchange with a name server
 * ({@code TopicRouteData}, {@code ClusterInfo}, the register-broker body). Pure data; no networking.
 */
package dev.junctionmq.nameserver.route;
