/**
 * The RocketMQ remoting wire protocol, as spoken by Apache RocketMQ 4.x/5.x clients, brokers and name servers
 * (ANCHORS §1.17).
 *
 * <pre>
 * +----------------+-----------------------------------+--------------+-------+
 * | length (int32) | serializeType&lt;&lt;24 | headerLength   | header bytes | body  |
 * +----------------+-----------------------------------+--------------+-------+
 *   length = 4 + headerLength + bodyLength (it does not count itself); all integers big-endian
 * </pre>
 *
 * <p>{@link dev.junctionmq.remoting.RemotingCommand} is the value object; {@link dev.junctionmq.remoting.RemotingFrames}
 * turns it into a frame and back, choosing {@link dev.junctionmq.remoting.JsonHeaderCodec} or
 * {@link dev.junctionmq.remoting.RocketMqHeaderCodec} by the frame's serialize type;
 * {@link dev.junctionmq.remoting.RemotingCommandDecoder} and {@link dev.junctionmq.remoting.RemotingCommandEncoder}
 * put that into a Netty pipeline. Nothing here knows about request semantics.
 */
package dev.junctionmq.remoting;
