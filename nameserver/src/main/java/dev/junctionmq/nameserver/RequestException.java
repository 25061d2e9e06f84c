package dev.junctionmq.nameserver;

/** A rejected request: becomes a response with {@link #code()} and the message as remark. */
final class RequestException extends RuntimeException {

    private final int code;

    RequestException(int code, String message) {
        super(message);
        this.code = code;
    }

    int code() {
        return code;
    }
}
