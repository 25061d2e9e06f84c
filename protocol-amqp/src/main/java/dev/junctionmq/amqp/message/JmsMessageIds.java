package dev.junctionmq.amqp.message;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;

import java.util.HexFormat;
import java.util.UUID;

/**
 * The {@code JMSMessageID} a JMS consumer (Qpid JMS, following the AMQP JMS mapping) is shown for an AMQP
 * message-id that the stored id text ({@code UNIQ_KEY}) cannot tell: a uuid, ulong or binary id, or none. The engine
 * answers selectors on {@code JMSMessageID} with it (EngineProperties.JMS_MESSAGE_ID); string ids are not recorded,
 * as the engine derives their JMS form from {@code UNIQ_KEY} itself.
 */
final class JmsMessageIds {

    private static final HexFormat UPPER_HEX = HexFormat.of().withUpperCase();

    private JmsMessageIds() {
    }

    /**
     * @param messageId the AMQP properties' message-id, or null when absent
     * @return the id to record: {@code ID:AMQP_UUID:<uuid>}, {@code ID:AMQP_ULONG:<decimal>},
     *         {@code ID:AMQP_BINARY:<upper-case hex>}, the empty string when there is no message-id (JMS consumers
     *         are shown null), or null when nothing needs recording (a string id)
     */
    static String recorded(Object messageId) {
        if (messageId == null) {
            return "";
        }
        if (messageId instanceof UUID uuid) {
            return "ID:AMQP_UUID:" + uuid;
        }
        if (messageId instanceof UnsignedLong number) {
            return "ID:AMQP_ULONG:" + number;
        }
        if (messageId instanceof Binary binary) {
            return "ID:AMQP_BINARY:" + UPPER_HEX.formatHex(binary.getArray(), binary.getArrayOffset(),
                    binary.getArrayOffset() + binary.getLength());
        }
        return null;
    }
}
