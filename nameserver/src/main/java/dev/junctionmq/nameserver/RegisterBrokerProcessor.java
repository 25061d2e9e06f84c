package dev.junctionmq.nameserver;

import dev.junctionmq.nameserver.route.BrokerRegistration;
import dev.junctionmq.nameserver.route.RegisterBrokerBody;
import dev.junctionmq.nameserver.route.RouteTable;
import dev.junctionmq.nameserver.route.TopicConfig;
import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.ResponseCode;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.zip.CRC32;

/**
 * {@code REGISTER_BROKER} (103, ANCHORS §1.16): header {@code clusterName, brokerName, brokerAddr, brokerId,
 * haServerAddr, compressed, bodyCrc32}, body the broker's topic table as JSON. Answers {@code masterAddr} and
 * {@code haServerAddr} for a slave. A deflated ({@code compressed=true}) body is refused.
 */
final class RegisterBrokerProcessor implements RequestProcessor {

    private static final Logger log = LoggerFactory.getLogger(RegisterBrokerProcessor.class);

    private final RouteTable routes;

    RegisterBrokerProcessor(RouteTable routes) {
        this.routes = routes;
    }

    @Override
    public RemotingCommand process(Channel channel, RemotingCommand request) {
        if (Boolean.parseBoolean(request.extField("compressed"))) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "compressed register body is not supported");
        }
        checkCrc(request);
        Map<String, TopicConfig> topics;
        try {
            topics = RegisterBrokerBody.topics(request.body());
        } catch (IllegalArgumentException e) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, e.getMessage());
        }
        BrokerRegistration registration = new BrokerRegistration(Headers.required(request, "clusterName"),
                Headers.required(request, "brokerName"), Headers.required(request, "brokerAddr"),
                Headers.requiredLong(request, "brokerId"), request.extField("haServerAddr"), topics);
        RouteTable.RegistrationResult result = routes.register(registration);
        log.debug("broker {} ({} id {}, cluster {}) registered {} topics from {}", registration.brokerAddr(),
                registration.brokerName(), registration.brokerId(), registration.clusterName(), topics.size(),
                channel.remoteAddress());
        return request.responseBuilder(ResponseCode.SUCCESS)
                .extField("masterAddr", result.masterAddr())
                .extField("haServerAddr", result.haServerAddr())
                .build();
    }

    /** RocketMQ sends CRC32 & 0x7FFFFFFF of the body; 0 or absent means "not checked". */
    private static void checkCrc(RemotingCommand request) {
        long announced = Headers.optionalLong(request, "bodyCrc32", 0);
        if (announced == 0) {
            return;
        }
        CRC32 crc = new CRC32();
        crc.update(request.body());
        long actual = crc.getValue();
        if (announced != (actual & 0x7FFF_FFFFL) && announced != (int) actual && announced != actual) {
            throw new RequestException(ResponseCode.SYSTEM_ERROR, "bodyCrc32 " + announced
                    + " does not match the body");
        }
    }
}
