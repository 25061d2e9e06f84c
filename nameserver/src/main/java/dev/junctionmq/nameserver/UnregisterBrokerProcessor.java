package dev.junctionmq.nameserver;

import dev.junctionmq.nameserver.route.RouteTable;
import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.ResponseCode;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code UNREGISTER_BROKER} (104): header {@code clusterName, brokerName, brokerAddr, brokerId}. Succeeds whether or
 * not the broker was registered, as RocketMQ does.
 */
final class UnregisterBrokerProcessor implements RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(UnregisterBrokerProcessor.class);

    private final RouteTable routes;

    UnregisterBrokerProcessor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(Channel channel, RemotingCommand request) {
        String brokerName = Headers.required(request, "brokerName");
        String brokerAddr = Headers.required(request, "brokerAddr");
        long brokerId = Headers.requiredLong(request, "brokerId");
        boolean removed = routes.unregister(brokerName, brokerAddr, brokerId);
        log.info("broker {} ({} id {}) unregistered by {}{}", brokerAddr, brokerName, brokerId,
                channel.remoteAddress(), removed ? "" : " (was not registered)");
        return request.responseBuilder(ResponseCode.SUCCESS).build();
    }
}
