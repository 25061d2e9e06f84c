package dev.junctionmq.remoting;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One remoting command, request or response (ANCHORS §1.17). Immutable. {@code extFields} keeps insertion order, so a
 * command encodes to the same bytes every time; every value is a string, as on the wire.
 *
 * <p>{@link #serializeType()} records how the header was (or will be) serialized: a server answers in the type the
 * request used, which {@link #responseBuilder(int)} carries over.
 */
public final class RemotingCommand {

    /** Flag bit 0: the command is a response. */
    public static final int FLAG_RESPONSE = 1;
    /** Flag bit 1: the request expects no response. */
    public static final int FLAG_ONEWAY = 2;
    /**
     * The {@code version} Junction announces: the ordinal of RocketMQ's {@code MQVersion.Version.V4_9_4}, from which
     * on peers expect standard JSON (quoted map keys).
     */
    public static final int DEFAULT_VERSION = 401;

    private static final byte[] NO_BODY = new byte[0];

    private final int code;
    private final LanguageCode language;
    private final int version;
    private final int opaque;
    private final int flag;
    private final String remark;
    private final Map<String, String> extFields;
    private final byte[] body;
    private final SerializeType serializeType;

    private RemotingCommand(Builder builder) {
        this.code = builder.code;
        this.language = builder.language;
        this.version = builder.version;
        this.opaque = builder.opaque;
        this.flag = builder.flag;
        this.remark = builder.remark;
        this.extFields = Collections.unmodifiableMap(new LinkedHashMap<>(builder.extFields));
        this.body = builder.body;
        this.serializeType = builder.serializeType;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder for a request with the given request code. */
    public static Builder request(int code) {
        return new Builder().code(code);
    }

    /**
     * A builder for the response to this request: same opaque and serialize type, response flag set, {@code code} as
     * the result code.
     */
    public Builder responseBuilder(int resultCode) {
        return new Builder().code(resultCode).opaque(opaque).flag(FLAG_RESPONSE).serializeType(serializeType);
    }

    /** The request code of a request, the result code of a response. */
    public int code() {
        return code;
    }

    public LanguageCode language() {
        return language;
    }

    public int version() {
        return version;
    }

    /** The per-connection request id, echoed by the response. */
    public int opaque() {
        return opaque;
    }

    public int flag() {
        return flag;
    }

    public boolean isResponse() {
        return (flag & FLAG_RESPONSE) != 0;
    }

    public boolean isOneway() {
        return (flag & FLAG_ONEWAY) != 0;
    }

    /** Human-readable text (error detail in responses), or {@code null}. */
    public String remark() {
        return remark;
    }

    /** The custom header fields; never {@code null}, unmodifiable. */
    public Map<String, String> extFields() {
        return extFields;
    }

    /** One custom header field, or {@code null} when absent. */
    public String extField(String name) {
        return extFields.get(name);
    }

    /** The body; an empty array when there is none. The caller must not modify it. */
    public byte[] body() {
        return body;
    }

    public SerializeType serializeType() {
        return serializeType;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RemotingCommand other)) {
            return false;
        }
        return code == other.code && version == other.version && opaque == other.opaque && flag == other.flag
                && language == other.language && Objects.equals(remark, other.remark)
                && extFields.equals(other.extFields) && Arrays.equals(body, other.body)
                && serializeType == other.serializeType;
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, opaque, flag, extFields);
    }

    @Override
    public String toString() {
        return "RemotingCommand{code=" + code + ", language=" + language + ", version=" + version + ", opaque="
                + opaque + ", flag=" + flag + ", remark=" + remark + ", extFields=" + extFields + ", body="
                + body.length + " bytes, serializeType=" + serializeType + '}';
    }

    /** Builds a {@link RemotingCommand}; defaults: language JAVA, {@link #DEFAULT_VERSION}, JSON, no body. */
    public static final class Builder {
        private int code;
        private LanguageCode language = LanguageCode.JAVA;
        private int version = DEFAULT_VERSION;
        private int opaque;
        private int flag;
        private String remark;
        private final Map<String, String> extFields = new LinkedHashMap<>();
        private byte[] body = NO_BODY;
        private SerializeType serializeType = SerializeType.JSON;

        private Builder() {
        }

        public Builder code(int code) {
            this.code = code;
            return this;
        }

        public Builder language(LanguageCode language) {
            this.language = Objects.requireNonNull(language, "language");
            return this;
        }

        public Builder version(int version) {
            this.version = version;
            return this;
        }

        public Builder opaque(int opaque) {
            this.opaque = opaque;
            return this;
        }

        public Builder flag(int flag) {
            this.flag = flag;
            return this;
        }

        public Builder remark(String remark) {
            this.remark = remark;
            return this;
        }

        /** Adds one header field; a {@code null} value is left out, as RocketMQ does. */
        public Builder extField(String name, String value) {
            Objects.requireNonNull(name, "name");
            if (value != null) {
                extFields.put(name, value);
            }
            return this;
        }

        public Builder extFields(Map<String, String> fields) {
            fields.forEach(this::extField);
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body == null ? NO_BODY : body;
            return this;
        }

        public Builder serializeType(SerializeType serializeType) {
            this.serializeType = Objects.requireNonNull(serializeType, "serializeType");
            return this;
        }

        public RemotingCommand build() {
            return new RemotingCommand(this);
        }
    }
}
