package dev.junctionmq.stomp.session;

import dev.junctionmq.broker.engine.message.Message;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.message.SystemProperties;
import dev.junctionmq.stomp.codec.StompFrame;
import dev.junctionmq.stomp.codec.StompProtocolException;

import java.net.SocketAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;

/**
 * The STOMP header ↔ message property table (docs/protocol-mapping.md, "STOMP"). SEND: every header except the
 * frame's own protocol headers becomes a property of the same name ({@code content-type} included; {@code TAGS}
 * is the RocketMQ tag); the body bytes are stored as sent. MESSAGE: the server's headers first, then the stored
 * properties, minus the broker's system properties.
 */
final class MessageMapping {

    /** SEND headers that steer the frame and are not stored (STOMP 1.2 "SEND"). */
    static final Set<String> SEND_PROTOCOL_HEADERS = Set.of("destination", "content-length", "receipt",
            "transaction");

    /** MESSAGE headers the server sets; a stored property of the same name does not replace them. */
    static final Set<String> MESSAGE_PROTOCOL_HEADERS = Set.of("subscription", "message-id", "destination", "ack",
            "content-length", "redelivered", "receipt", "transaction");

    private MessageMapping() {
    }

    static OutgoingMessage toOutgoing(StompDestination destination, StompFrame frame, SocketAddress bornHost) {
        OutgoingMessage.Builder message = OutgoingMessage.builder(destination.name()).body(frame.body());
        for (Map.Entry<String, String> header : frame.headers().entrySet()) {
            String name = header.getKey();
            if (SEND_PROTOCOL_HEADERS.contains(name) || SystemProperties.isSystem(name)) {
                continue;
            }
            checkStorable(name);
            checkStorable(header.getValue());
            if (name.isEmpty() || ("TAGS".equals(name) && header.getValue().isEmpty())) {
                continue;
            }
            message.property(name, header.getValue());
        }
        if (bornHost instanceof InetSocketAddress inet) {
            message.bornHost(inet);
        }
        return message.build();
    }

    /** Property names and values are stored separated by U+0001 and U+0002 (RocketMQ's format). */
    private static void checkStorable(String text) {
        if (text.indexOf('\u0001') >= 0 || text.indexOf('\u0002') >= 0) {
            throw new StompProtocolException("header contains a control character (U+0001 or U+0002)",
                    "Header names and values may not contain U+0001 or U+0002.");
        }
    }

    /** @param ackId the {@code ack} header (STOMP 1.2, client acknowledgement modes), or null */
    static StompFrame toMessageFrame(String subscriptionId, String destination, Message message, boolean redelivered,
                                     String ackId) {
        StompFrame.Builder frame = StompFrame.builder(StompFrame.MESSAGE)
                .header("subscription", subscriptionId)
                .header("message-id", message.messageId())
                .header("destination", destination)
                .header("ack", ackId);
        if (redelivered) {
            frame.header("redelivered", "true");
        }
        for (Map.Entry<String, String> property : message.properties().entrySet()) {
            String name = property.getKey();
            if (!MESSAGE_PROTOCOL_HEADERS.contains(name) && !SystemProperties.isSystem(name)) {
                frame.header(name, property.getValue());
            }
        }
        return frame.body(message.bodyUnsafe()).build(); // encoded, never modified
    }
}
