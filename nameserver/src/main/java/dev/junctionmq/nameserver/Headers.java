package dev.junctionmq.nameserver;

import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.ResponseCode;

/** Typed access to a request's extFields, failing with SYSTEM_ERROR as RocketMQ does for a bad header. */
final class Headers {

    private Headers() {
    }

    static String required(RemotingCommand request, String name) {
        String value = request.extField(name);
        if (value == null || value.isEmpty()) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "missing header field " + name);
        }
        return value;
    }

    static long requiredLong(RemotingCommand request, String name) {
        String value = required(request, name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "header field " + name + " is not a number: "
                    + value);
        }
    }

    static long optionalLong(RemotingCommand request, String name, long absent) {
        String value = request.extField(name);
        return value == null || value.isEmpty() ? absent : requiredLong(request, name);
    }
}
