package dev.junctionmq.nameserver;

import dev.junctionmq.nameserver.route.RouteJson;
import dev.junctionmq.nameserver.route.RouteTable;
import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.ResponseCode;
import io.netty.channel.Channel;

/** {@code GET_BROKER_CLUSTER_INFO} (106): body ClusterInfo {@code {brokerAddrTable, clusterAddrTable}} as JSON. */
final class ClusterInfoProcessor implements RequestProcessor {

    private final RouteTable routes;

    ClusterInfoProcessor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(Channel channel, RemotingCommand request) {
        return request.responseBuilder(ResponseCode.SUCCESS).body(RouteJson.write(routes.clusterInfo())).build();
    }
}
