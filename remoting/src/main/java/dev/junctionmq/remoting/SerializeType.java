package dev.junctionmq.remoting;

/** How a frame's header is serialized: the high byte of the frame's second int32 (ANCHORS §1.17). */
public enum SerializeType {
    /** JSON object header (the default of every Java client). */
    JSON(0),
    /** RocketMQ's compact binary header ({@code rocketmq.serialize.type=ROCKETMQ}). */
    ROCKETMQ(1);

    private final int code;

    SerializeType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} when the code is unknown. */
    public static SerializeType ofCode(int code) {
        for (SerializeType type : values()) {
            if (type.code == code) {
                return type;
            }
        }
        return null;
    }
}
