package dev.junctionmq.amqp.message;

import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.DeliveryAnnotations;
import org.apache.qpid.proton.amqp.messaging.Footer;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.codec.DecoderImpl;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An encoded AMQP 1.0 message split into its sections (AMQP 1.0 part 3, 3.2 "Message Format"), keeping the exact
 * bytes of each: the bare message must reach a receiver unchanged (3.2: "the bare message is immutable"), so the
 * front end stores bytes, never a re-encoding.
 *
 * @param annotatedHead the raw bytes of message-annotations, properties and application-properties, in order
 * @param rawBody       the raw bytes of the body sections (data, amqp-sequence or amqp-value), footer excluded
 * @param bodySections  the decoded body sections
 */
public record AmqpSections(Header header, MessageAnnotations messageAnnotations, Properties properties,
                           ApplicationProperties applicationProperties, byte[] annotatedHead, byte[] rawBody,
                           List<Section> bodySections) {

    /**
     * Splits {@code encoded} into sections with {@code decoder} (not thread-safe: one per connection).
     *
     * @throws MalformedMessageException if the bytes are not a sequence of AMQP message sections in the order the
     *                                   specification gives
     */
    public static AmqpSections parse(byte[] encoded, DecoderImpl decoder) {
        ByteBuffer buffer = ByteBuffer.wrap(encoded);
        decoder.setByteBuffer(buffer);
        Header header = null;
        MessageAnnotations annotations = null;
        Properties properties = null;
        ApplicationProperties applicationProperties = null;
        List<Section> body = new ArrayList<>();
        int headStart = -1;
        int headEnd = -1;
        int bodyStart = -1;
        int bodyEnd = -1;
        int rank = 0; // the order of sections: 1 header, 2 delivery-annotations, 3 message-annotations, ...
        try {
            while (buffer.hasRemaining()) {
                int start = buffer.position();
                Object section = decoder.readObject();
                int end = buffer.position();
                int sectionRank = rankOf(section);
                if (sectionRank < rank || (sectionRank == rank && sectionRank != 6)) {
                    throw new MalformedMessageException("message section " + describe(section)
                            + " is out of order or repeated (AMQP 1.0 part 3, 3.2)");
                }
                rank = sectionRank;
                if (section instanceof Header h) {
                    header = h;
                } else if (section instanceof MessageAnnotations m) {
                    annotations = m;
                } else if (section instanceof Properties p) {
                    properties = p;
                } else if (section instanceof ApplicationProperties a) {
                    applicationProperties = a;
                } else if (sectionRank == 6) {
                    body.add((Section) section);
                    bodyStart = bodyStart < 0 ? start : bodyStart;
                    bodyEnd = end;
                }
                // delivery-annotations (for the next hop only, 3.2.1) and the footer are not stored
                if (sectionRank >= 3 && sectionRank <= 5) {
                    headStart = headStart < 0 ? start : headStart;
                    headEnd = end;
                }
            }
        } catch (MalformedMessageException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MalformedMessageException("message cannot be decoded: " + e.getMessage(), e);
        } finally {
            decoder.setByteBuffer(null);
        }
        if (body.size() > 1 && !(body.stream().allMatch(s -> s instanceof Data)
                || body.stream().noneMatch(s -> s instanceof Data || s instanceof AmqpValue))) {
            throw new MalformedMessageException("a message body is one amqp-value, data sections or amqp-sequence "
                    + "sections (AMQP 1.0 part 3, 3.2)");
        }
        byte[] head = headStart < 0 ? new byte[0] : Arrays.copyOfRange(encoded, headStart, headEnd);
        byte[] rawBody = bodyStart < 0 ? new byte[0] : Arrays.copyOfRange(encoded, bodyStart, bodyEnd);
        return new AmqpSections(header, annotations, properties, applicationProperties, head, rawBody,
                List.copyOf(body));
    }

    private static int rankOf(Object section) {
        if (section instanceof Header) {
            return 1;
        } else if (section instanceof DeliveryAnnotations) {
            return 2;
        } else if (section instanceof MessageAnnotations) {
            return 3;
        } else if (section instanceof Properties) {
            return 4;
        } else if (section instanceof ApplicationProperties) {
            return 5;
        } else if (section instanceof Footer) {
            return 7;
        } else if (section instanceof Section) {
            return 6; // data, amqp-sequence, amqp-value
        }
        throw new MalformedMessageException("not a message section: " + describe(section));
    }

    private static String describe(Object section) {
        return section == null ? "null" : section.getClass().getSimpleName();
    }
}
