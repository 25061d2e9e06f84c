package dev.junctionmq.remoting;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON header (ANCHORS §1.17), e.g.
 * {@code {"code":105,"language":"JAVA","version":401,"opaque":7,"flag":0,"extFields":{"topic":"T"},
 * "serializeTypeCurrentRPC":"JSON"}}.
 *
 * <p>Writes fields in that fixed order and leaves out a null {@code remark} and empty {@code extFields}, as
 * RocketMQ's fastjson does. Reads tolerantly: any field order, unknown fields ignored, unquoted names and single
 * quotes accepted (fastjson dialect), non-string {@code extFields} values taken as their text.
 */
final class JsonHeaderCodec implements HeaderCodec {

    static final JsonHeaderCodec INSTANCE = new JsonHeaderCodec();

    private static final JsonFactory FACTORY = JsonFactory.builder().build();
    private static final ObjectMapper READER = new ObjectMapper()
            .enable(JsonParser.Feature.ALLOW_UNQUOTED_FIELD_NAMES)
            .enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

    private JsonHeaderCodec() {
    }

    @Override
    public byte[] encode(RemotingCommand command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("code", command.code());
            json.writeStringField("language", command.language().name());
            json.writeNumberField("version", command.version());
            json.writeNumberField("opaque", command.opaque());
            json.writeNumberField("flag", command.flag());
            if (command.remark() != null) {
                json.writeStringField("remark", command.remark());
            }
            if (!command.extFields().isEmpty()) {
                json.writeObjectFieldStart("extFields");
                for (Map.Entry<String, String> field : command.extFields().entrySet()) {
                    json.writeStringField(field.getKey(), field.getValue());
                }
                json.writeEndObject();
            }
            json.writeStringField("serializeTypeCurrentRPC", SerializeType.JSON.name());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    @Override
    public RemotingCommand.Builder decode(byte[] header) {
        JsonNode root;
        try {
            root = READER.readTree(header);
        } catch (JsonProcessingException e) {
            throw new MalformedFrameException("JSON header is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedFrameException("JSON header cannot be read", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedFrameException("JSON header is not an object");
        }
        RemotingCommand.Builder builder = RemotingCommand.builder()
                .code(intField(root, "code"))
                .language(LanguageCode.ofName(textOrNull(root.get("language"))))
                .version(intField(root, "version"))
                .opaque(intField(root, "opaque"))
                .flag(intField(root, "flag"))
                .remark(textOrNull(root.get("remark")));
        JsonNode extFields = root.get("extFields");
        if (extFields != null && extFields.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = extFields.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                builder.extField(field.getKey(), textOrNull(field.getValue()));
            }
        } else if (extFields != null && !extFields.isNull()) {
            throw new MalformedFrameException("JSON header extFields is not an object");
        }
        return builder;
    }

    private static int intField(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.canConvertToInt() || !(node.isIntegralNumber() || node.isTextual())) {
            throw new MalformedFrameException("JSON header field " + name + " is not an int32: " + node);
        }
        if (node.isTextual()) {
            try {
                return Integer.parseInt(node.asText());
            } catch (NumberFormatException e) {
                throw new MalformedFrameException("JSON header field " + name + " is not an int32: " + node, e);
            }
        }
        return node.intValue();
    }

    private static String textOrNull(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }
}
