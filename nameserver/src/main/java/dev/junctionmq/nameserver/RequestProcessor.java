package dev.junctionmq.nameserver;

import dev.junctionmq.remoting.RemotingCommand;
import io.netty.channel.Channel;

/** Handles one request code. Runs on a Netty event loop: must not block. */
interface RequestProcessor {

    /**
     * Answers a request.
     *
     * @throws RequestException for a request the processor rejects; it becomes a response with that code and remark
     */
    RemotingCommand process(Channel channel, RemotingCommand request);
}
