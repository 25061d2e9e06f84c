package dev.junctionmq.broker.server;

import dev.junctionmq.broker.engine.delivery.Subscriber;
import dev.junctionmq.broker.engine.delivery.SubscriptionSpec;
import dev.junctionmq.broker.engine.message.OutgoingMessage;
import dev.junctionmq.broker.security.BrokerPrincipal;
import dev.junctionmq.broker.spi.BrokerServices;
import dev.junctionmq.broker.spi.BrokerSession;
import dev.junctionmq.broker.spi.FrontEndConfig;
import dev.junctionmq.broker.spi.ProtocolFrontEnd;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.string.StringDecoder;
import io.netty.handler.codec.string.StringEncoder;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A tiny line protocol, loaded through the SPI like a real front end, that proves the plumbing: {@code LOGIN user
 * password}, {@code SUB topic group}, {@code SEND topic body}; the broker answers {@code OK}, {@code ERR reason}
 * and pushes {@code MSG topic body}.
 */
public final class LineProtocolFrontEnd implements ProtocolFrontEnd {

    private FrontEndConfig config;
    private BrokerServices services;

    @Override
    public String name() {
        return "line";
    }

    @Override
    public int defaultPort() {
        return 0;
    }

    @Override
    public void initialize(FrontEndConfig frontEndConfig) {
        this.config = frontEndConfig;
    }

    @Override
    public void start(BrokerServices brokerServices) {
        this.services = brokerServices;
    }

    @Override
    public Map<InetSocketAddress, ChannelInitializer<SocketChannel>> channelInitializers() {
        InetSocketAddress address = new InetSocketAddress(config.get("host", "127.0.0.1"), config.getInt("port", 0));
        return Map.of(address, new ChannelInitializer<>() {
            @Override
            protected void initChannel(SocketChannel channel) {
                channel.pipeline().addLast(new LineBasedFrameDecoder(4096), new StringDecoder(StandardCharsets.UTF_8),
                        new StringEncoder(StandardCharsets.UTF_8), new Connection());
            }
        });
    }

    @Override
    public void close() {
        // connections close with the listener's event loops
    }

    private final class Connection extends SimpleChannelInboundHandler<String> {
        private BrokerSession session;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, String line) {
            String[] words = line.split(" ", 3);
            try {
                switch (words[0]) {
                    case "LOGIN" -> {
                        BrokerPrincipal principal = services.auth().authenticate(words[1], words[2]);
                        session = services.openSession(principal, ctx.channel().id().asShortText(),
                                String.valueOf(ctx.channel().remoteAddress()));
                        ctx.writeAndFlush("OK\n");
                    }
                    case "SUB" -> {
                        String topic = words[1];
                        Subscriber[] holder = new Subscriber[1];
                        holder[0] = session.subscribe(SubscriptionSpec.clustering(topic, words[2],
                                ctx.channel().id().asShortText()), delivery -> ctx.channel().eventLoop().execute(() -> {
                                    ctx.writeAndFlush("MSG " + topic + " " + new String(delivery.message().body(),
                                            StandardCharsets.UTF_8) + "\n");
                                    holder[0].ack(delivery);
                                    holder[0].grantCredit(1);
                                }));
                        holder[0].grantCredit(16);
                        ctx.writeAndFlush("OK\n");
                    }
                    case "SEND" -> session.send(OutgoingMessage.builder(words[1])
                                    .body(words[2].getBytes(StandardCharsets.UTF_8)).build())
                            .whenComplete((r, e) -> ctx.writeAndFlush(e == null ? "OK\n" : "ERR " + e.getMessage() + "\n"));
                    default -> ctx.writeAndFlush("ERR unknown command\n");
                }
            } catch (RuntimeException e) {
                ctx.writeAndFlush("ERR " + e.getMessage() + "\n");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (session != null) {
                session.close();
            }
        }
    }
}
