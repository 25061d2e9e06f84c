package dev.junctionmq.amqp.message;

import dev.junctionmq.broker.engine.message.EngineProperties;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.engine.message.PropertyTypes;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedByte;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpSequence;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.amqp.messaging.Properties;
import org.apache.qpid.proton.amqp.messaging.Section;
import org.apache.qpid.proton.message.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The AMQP ↔ stored message table (docs/protocol-mapping.md, "AMQP 1.0"): the application payload is the stored
 * body, the bare message comes back byte for byte, header fields and application properties are copied to plain
 * properties for selectors and other protocols, and messages from other protocols get a data section.
 */
class MessageMappingTest {

    private static final long NOW = 1_700_000_000_000L;
    private final AmqpCodec codec = new AmqpCodec();

    private static byte[] encode(Message message) {
        byte[] buffer = new byte[1 << 20];
        int length = message.encode(buffer, 0, buffer.length);
        return Arrays.copyOf(buffer, length);
    }

    private static Message qpidJmsLike(Section body) {
        Message message = Proton.message();
        Header header = new Header();
        header.setDurable(true);
        header.setPriority(UnsignedByte.valueOf((byte) 7));
        message.setHeader(header);
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("x-opt-jms-msg-type"), (byte) 5);
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        Properties properties = new Properties();
        properties.setMessageId("ID:abc:1:1:1-1");
        properties.setTo("orders");
        properties.setCorrelationId("corr-9");
        properties.setSubject("order.created");
        properties.setReplyTo("replies");
        properties.setAbsoluteExpiryTime(new Date(NOW + 60_000));
        message.setProperties(properties);
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("color", "red");
        application.put("count", 3);
        application.put("TAGS", "tagA");
        application.put("UNIQ_KEY", "not-taken");
        message.setApplicationProperties(new ApplicationProperties(application));
        message.setBody(body);
        return message;
    }

    private OutgoingMessage inbound(byte[] encoded) {
        return InboundMapping.toOutgoing("orders", AmqpSections.parse(encoded, codec.decoder()), NOW, null, "o1");
    }

    private byte[] outbound(OutgoingMessage stored, int deliveryCount) {
        return OutboundMapping.encode(new OutboundMapping.Stored(stored.properties(), stored.body(),
                stored.properties().get("UNIQ_KEY"), stored.expiresAt(), NOW), deliveryCount, codec.encoder());
    }

    /** The bare message (properties, application-properties, body) of an encoded message, as raw bytes. */
    private byte[] bareMessage(byte[] encoded) {
        AmqpSections sections = AmqpSections.parse(encoded, codec.decoder());
        byte[] head = sections.annotatedHead();
        byte[] bare = Arrays.copyOf(head, head.length + sections.rawBody().length);
        System.arraycopy(sections.rawBody(), 0, bare, head.length, sections.rawBody().length);
        return bare;
    }

    @Test
    void aTextMessageIsStoredAsItsUtf8BytesAndComesBackByteIdentical() {
        byte[] encoded = encode(qpidJmsLike(new AmqpValue("grüße ✓")));
        OutgoingMessage stored = inbound(encoded);
        assertThat(stored.body()).isEqualTo("grüße ✓".getBytes(StandardCharsets.UTF_8));
        assertThat(stored.properties().get(StoredAmqp.BODY)).startsWith("string:");
        assertThat(bareMessage(outbound(stored, 1))).isEqualTo(bareMessage(encoded));
    }

    @Test
    void aDataSectionIsStoredAsItsBinaryAndComesBackByteIdentical() {
        byte[] payload = new byte[300]; // > 255: a vbin32 encoding
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) i;
        }
        byte[] encoded = encode(qpidJmsLike(new Data(new Binary(payload))));
        OutgoingMessage stored = inbound(encoded);
        assertThat(stored.body()).isEqualTo(payload);
        assertThat(stored.properties().get(StoredAmqp.BODY)).startsWith("data:");
        assertThat(bareMessage(outbound(stored, 1))).isEqualTo(bareMessage(encoded));
    }

    @Test
    void otherBodiesAreStoredAsTheirEncodedSections() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("k", 1);
        byte[] encoded = encode(qpidJmsLike(new AmqpValue(map)));
        OutgoingMessage stored = inbound(encoded);
        assertThat(stored.properties().get(StoredAmqp.BODY)).isEqualTo("sections:");
        assertThat(stored.body()).isEqualTo(AmqpSections.parse(encoded, codec.decoder()).rawBody());
        assertThat(bareMessage(outbound(stored, 1))).isEqualTo(bareMessage(encoded));
        byte[] sequence = encode(qpidJmsLike(new AmqpSequence(List.of("a", 2L))));
        assertThat(bareMessage(outbound(inbound(sequence), 1))).isEqualTo(bareMessage(sequence));
    }

    @Test
    void headerAndPropertiesAreCopiedToPlainProperties() {
        OutgoingMessage stored = inbound(encode(qpidJmsLike(new AmqpValue("x"))));
        Map<String, String> properties = stored.properties();
        assertThat(properties).containsEntry("UNIQ_KEY", "ID:abc:1:1:1-1")
                .containsEntry(StoredAmqp.CORRELATION_ID, "corr-9")
                .containsEntry(StoredAmqp.TYPE, "order.created")
                .containsEntry(StoredAmqp.REPLY_TO, "replies")
                .containsEntry(StoredAmqp.PRIORITY, "7")
                .containsEntry(StoredAmqp.DELIVERY_MODE, "PERSISTENT")
                .containsEntry("color", "red")
                .containsEntry("count", "3")
                .containsEntry("TAGS", "tagA")
                .containsEntry(StoredAmqp.ORIGIN, "o1");
        assertThat(stored.expiresAt()).isEqualTo(NOW + 60_000);
    }

    @Test
    void creationTimeIsTheBornTimestampAndJmsIdsOfNonStringMessageIdsAreRecorded() {
        Message message = qpidJmsLike(new AmqpValue("x"));
        message.getProperties().setCreationTime(new Date(NOW - 5_000));
        OutgoingMessage stored = inbound(encode(message));
        assertThat(stored.bornTimestamp()).isEqualTo(NOW - 5_000);
        assertThat(stored.properties()).as("a string id: its JMS form follows from UNIQ_KEY")
                .doesNotContainKey(EngineProperties.JMS_MESSAGE_ID);

        message.getProperties().setCreationTime(null);
        message.getProperties().setMessageId(java.util.UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e"));
        stored = inbound(encode(message));
        assertThat(stored.bornTimestamp()).as("no creation-time: stored at send").isZero();
        assertThat(stored.properties()).containsEntry(EngineProperties.JMS_MESSAGE_ID,
                "ID:AMQP_UUID:0f8fad5b-d9cb-469f-a165-70867728950e");
        message.getProperties().setMessageId(UnsignedLong.valueOf(42));
        assertThat(inbound(encode(message)).properties())
                .containsEntry(EngineProperties.JMS_MESSAGE_ID, "ID:AMQP_ULONG:42");
        message.getProperties().setMessageId(new Binary(new byte[] {0x0a, (byte) 0xfe}));
        assertThat(inbound(encode(message)).properties())
                .containsEntry(EngineProperties.JMS_MESSAGE_ID, "ID:AMQP_BINARY:0AFE");
        message.getProperties().setMessageId(null);
        assertThat(inbound(encode(message)).properties()).as("none: JMS consumers are shown null")
                .containsEntry(EngineProperties.JMS_MESSAGE_ID, "");
    }

    @Test
    void applicationPropertiesKeepTheirTypesForSelectors() {
        Message message = Proton.message();
        Map<String, Object> application = new LinkedHashMap<>();
        application.put("i", 7);
        application.put("l", 5_000_000_000L);
        application.put("d", 9.5);
        application.put("f", 1.25f);
        application.put("z", true);
        application.put("b", (byte) -3);
        application.put("s", (short) 300);
        application.put("ub", UnsignedByte.valueOf((byte) 200));
        application.put("ui", UnsignedInteger.valueOf(4_000_000_000L));
        application.put("text", "7");
        application.put("sym", Symbol.valueOf("x"));
        application.put(PropertyTypes.PROPERTY, "iforged");
        message.setApplicationProperties(new ApplicationProperties(application));
        message.setBody(new AmqpValue("x"));
        OutgoingMessage stored = inbound(encode(message));
        assertThat(stored.properties()).containsEntry("i", "7").containsEntry("ub", "200")
                .containsEntry("ui", "4000000000").containsEntry("text", "7").containsEntry("sym", "x");
        assertThat(PropertyTypes.decode(stored.properties().get(PropertyTypes.PROPERTY))).containsOnly(
                Map.entry("i", PropertyTypes.INT), Map.entry("l", PropertyTypes.LONG),
                Map.entry("d", PropertyTypes.DOUBLE), Map.entry("f", PropertyTypes.FLOAT),
                Map.entry("z", PropertyTypes.BOOLEAN), Map.entry("b", PropertyTypes.BYTE),
                Map.entry("s", PropertyTypes.SHORT), Map.entry("ub", PropertyTypes.SHORT),
                Map.entry("ui", PropertyTypes.LONG));
    }

    @Test
    void aStringOnlyMessageStoresNoTypes() {
        OutgoingMessage stored = inbound(encode(qpidJmsLike(new AmqpValue("x"))));
        assertThat(PropertyTypes.decode(stored.properties().get(PropertyTypes.PROPERTY)))
                .containsOnly(Map.entry("count", PropertyTypes.INT));
        Message plain = Proton.message();
        plain.setApplicationProperties(new ApplicationProperties(Map.of("color", "red")));
        plain.setBody(new AmqpValue("x"));
        assertThat(inbound(encode(plain)).properties()).doesNotContainKey(PropertyTypes.PROPERTY);
    }

    @Test
    void typedPropertiesOfAnotherProtocolsMessageLeaveAsTypedApplicationProperties() {
        OutgoingMessage stored = OutgoingMessage.builder("orders").body("b".getBytes(StandardCharsets.UTF_8))
                .typedProperty("count", 7).typedProperty("price", 9.5).typedProperty("flag", true)
                .typedProperty("color", "red").messageId("ID:1").build();
        byte[] out = outbound(stored, 1);
        Message decoded = Proton.message();
        decoded.decode(out, 0, out.length);
        assertThat(decoded.getApplicationProperties().getValue()).containsOnly(Map.entry("count", 7),
                Map.entry("price", 9.5), Map.entry("flag", true), Map.entry("color", "red"));
    }

    @Test
    void theOutgoingHeaderCarriesPriorityDurabilityAndFailedAttempts() {
        OutgoingMessage stored = inbound(encode(qpidJmsLike(new AmqpValue("x"))));
        Message decoded = Proton.message();
        byte[] out = outbound(stored, 3);
        decoded.decode(out, 0, out.length);
        assertThat(decoded.getHeader().getDurable()).isTrue();
        assertThat(decoded.getHeader().getPriority()).isEqualTo(UnsignedByte.valueOf((byte) 7));
        assertThat(decoded.getHeader().getDeliveryCount()).isEqualTo(UnsignedInteger.valueOf(2));
        assertThat(decoded.getMessageAnnotations().getValue())
                .containsEntry(Symbol.valueOf("x-opt-jms-msg-type"), (byte) 5);
    }

    @Test
    void ttlAndDeliveryDelayBecomeExpiryAndDeliveryTime() {
        Message message = Proton.message();
        Header header = new Header();
        header.setTtl(UnsignedInteger.valueOf(5_000));
        message.setHeader(header);
        Map<Symbol, Object> annotations = new LinkedHashMap<>();
        annotations.put(Symbol.valueOf("x-opt-delivery-delay"), 2_000L);
        message.setMessageAnnotations(new MessageAnnotations(annotations));
        message.setBody(new AmqpValue("later"));
        OutgoingMessage stored = inbound(encode(message));
        assertThat(stored.expiresAt()).isEqualTo(NOW + 5_000);
        assertThat(stored.deliverAt()).isEqualTo(NOW + 2_000);
        assertThat(stored.properties()).containsEntry(StoredAmqp.DELIVERY_MODE, "NON_PERSISTENT");

        annotations.clear();
        annotations.put(Symbol.valueOf("x-opt-delivery-time"), new Date(NOW + 9_000));
        assertThat(inbound(encode(message)).deliverAt()).isEqualTo(NOW + 9_000);
    }

    @Test
    void aMessageFromAnotherProtocolGetsPropertiesAndOneDataSection() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("UNIQ_KEY", "7F000001");
        properties.put("content-type", "text/plain");
        properties.put("color", "blue");
        properties.put("TAGS", "t1");
        properties.put("EXPIRES_AT", Long.toString(NOW + 1000));
        byte[] body = "from stomp".getBytes(StandardCharsets.UTF_8);
        byte[] out = OutboundMapping.encode(new OutboundMapping.Stored(properties, body, "7F000001", NOW + 1000,
                NOW), 1, codec.encoder());
        Message decoded = Proton.message();
        decoded.decode(out, 0, out.length);
        assertThat(decoded.getMessageId()).isEqualTo("7F000001");
        assertThat(decoded.getContentType()).isEqualTo("text/plain");
        assertThat(decoded.getProperties().getAbsoluteExpiryTime()).isEqualTo(new Date(NOW + 1000));
        assertThat(decoded.getApplicationProperties().getValue()).containsEntry("color", "blue")
                .containsEntry("TAGS", "t1").doesNotContainKeys("UNIQ_KEY", "EXPIRES_AT", "content-type");
        assertThat(decoded.getBody()).isInstanceOf(Data.class);
        assertThat(((Data) decoded.getBody()).getValue().getArray()).isEqualTo(body);
        assertThat(decoded.getHeader().getDeliveryCount()).isNull();
    }

    @Test
    void sectionsOutOfOrderAreADecodeError() {
        Message properties = Proton.message();
        properties.setProperties(new Properties());
        Message header = Proton.message();
        header.setHeader(new Header());
        byte[] first = encode(properties);
        byte[] second = encode(header);
        byte[] wrongOrder = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, wrongOrder, first.length, second.length);
        assertThatThrownBy(() -> AmqpSections.parse(wrongOrder, codec.decoder()))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> AmqpSections.parse(new byte[] {0x00, 0x53, 0x77, (byte) 0xEE}, codec.decoder()))
                .isInstanceOf(MalformedMessageException.class);
    }
}
