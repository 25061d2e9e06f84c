package dev.junctionmq.nameserver;

import dev.junctionmq.nameserver.route.RouteJson;
import dev.junctionmq.nameserver.route.RouteTable;
import dev.junctionmq.nameserver.route.TopicRouteData;
import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.ResponseCode;
import io.netty.channel.Channel;

import java.util.Optional;

/**
 * {@code GET_ROUTEINFO_BY_TOPIC} (105): header {@code topic}; body TopicRouteData as standard JSON, or
 * {@code TOPIC_NOT_EXIST} (17) when no live broker serves the topic (ANCHORS §1.16).
 */
final class RouteInfoProcessor implements RequestProcessor {

    private final RouteTable routes;

    RouteInfoProcessor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(Channel channel, RemotingCommand request) {
        String topic = Headers.required(request, "topic");
        Optional<TopicRouteData> route = routes.route(topic);
        if (route.isEmpty()) {
            return request.responseBuilder(ResponseCode.TOPIC_NOT_EXIST)
                    .remark("No topic route info in name server for the topic: " + topic)
                    .build();
        }
        return request.responseBuilder(ResponseCode.SUCCESS).body(RouteJson.write(route.get())).build();
    }
}
