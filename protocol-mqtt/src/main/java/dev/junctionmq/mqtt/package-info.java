/**
 * The MQTT 3.1.1 and 5.0 front end (TCP and WebSocket): {@code codec} (Netty's MQTT codec, the packets the broker
 * sends, WebSocket framing), {@code subscription} (topic rules, the filter trie and how filters map onto core
 * topics), {@code session} (connections, sessions and their threads, shared subscriptions), {@code message} (the
 * PUBLISH ↔ core message table), {@code retain} (retained messages) and {@code state} (the journal that keeps
 * sessions and retained messages across restarts). docs/protocol-mapping.md ("MQTT") describes the mapping.
 */
package dev.junctionmq.mqtt;
