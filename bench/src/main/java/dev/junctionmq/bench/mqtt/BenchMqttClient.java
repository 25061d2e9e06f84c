package dev.junctionmq.bench.mqtt;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.mqtt.MqttConnAckMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageIdVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * A lean MQTT 3.1.1 client on Netty for load generation: thousands of them share one event loop group. It
 * answers QoS 1 deliveries with PUBACK at once and completes a future per PUBACK/SUBACK it receives.
 */
final class BenchMqttClient extends SimpleChannelInboundHandler<MqttMessage> {

    private final String clientId;
    private final BiConsumer<String, ByteBuf> onMessage;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final Map<Integer, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private volatile Channel channel;
    private int nextId;

    private BenchMqttClient(String clientId, BiConsumer<String, ByteBuf> onMessage) {
        this.clientId = clientId;
        this.onMessage = onMessage;
    }

    /**
     * Connects (TCP, then CONNECT with clean session and no keep alive); the future completes on CONNACK 0.
     *
     * @param local     local address to bind (null: any), to spread connections over source addresses
     * @param onMessage called on the event loop with each PUBLISH's topic and payload (not retained after)
     */
    static CompletableFuture<BenchMqttClient> connect(EventLoopGroup group, InetSocketAddress broker,
                                                      InetSocketAddress local, String clientId,
                                                      BiConsumer<String, ByteBuf> onMessage) {
        BenchMqttClient client = new BenchMqttClient(clientId, onMessage);
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new MqttDecoder(1 << 20), MqttEncoder.INSTANCE, client);
                    }
                });
        ChannelFuture future = local == null ? bootstrap.connect(broker) : bootstrap.connect(broker, local);
        future.addListener(f -> {
            if (!f.isSuccess()) {
                client.connected.completeExceptionally(f.cause());
                return;
            }
            client.channel = future.channel();
            client.channel.writeAndFlush(MqttMessageBuilders.connect().clientId(clientId).cleanSession(true)
                    .protocolVersion(MqttVersion.MQTT_3_1_1).keepAlive(0).build());
        });
        return client.connected.thenApply(v -> client);
    }

    String clientId() {
        return clientId;
    }

    private synchronized int packetId() {
        nextId = nextId == 0xFFFF ? 1 : nextId + 1;
        return nextId;
    }

    /** Completes on SUBACK. */
    CompletableFuture<Void> subscribe(String filter, int qos) {
        int id = packetId();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.put(id, done);
        channel.writeAndFlush(MqttMessageBuilders.subscribe().messageId(id)
                .addSubscription(MqttQoS.valueOf(qos), filter).build());
        return done;
    }

    /** QoS 1: completes on PUBACK; QoS 0: once written. */
    CompletableFuture<Void> publish(String topic, byte[] payload, int qos) {
        int id = qos > 0 ? packetId() : 0;
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (qos > 0) {
            pending.put(id, done);
        }
        MqttPublishMessage message = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.valueOf(qos), false, 0),
                new MqttPublishVariableHeader(topic, id), Unpooled.wrappedBuffer(payload));
        ChannelFuture written = channel.writeAndFlush(message);
        if (qos == 0) {
            written.addListener(f -> done.complete(null));
        }
        return done;
    }

    void close() {
        if (channel != null) {
            channel.writeAndFlush(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false,
                    MqttQoS.AT_MOST_ONCE, false, 0)));
            channel.close();
        }
    }

    CompletableFuture<Void> closeFuture() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        channel.closeFuture().addListener(f -> closed.complete(null));
        return closed;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, MqttMessage message) {
        switch (message.fixedHeader().messageType()) {
            case CONNACK -> {
                MqttConnectReturnCode code = ((MqttConnAckMessage) message).variableHeader().connectReturnCode();
                if (code == MqttConnectReturnCode.CONNECTION_ACCEPTED) {
                    connected.complete(null);
                } else {
                    connected.completeExceptionally(new IllegalStateException("CONNACK " + code));
                }
            }
            case PUBLISH -> {
                MqttPublishMessage publish = (MqttPublishMessage) message;
                onMessage.accept(publish.variableHeader().topicName(), publish.payload());
                if (publish.fixedHeader().qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                    ctx.writeAndFlush(MqttMessageBuilders.pubAck().packetId(publish.variableHeader().packetId())
                            .build());
                }
            }
            case PUBACK, SUBACK -> {
                int id = ((MqttMessageIdVariableHeader) message.variableHeader()).messageId();
                CompletableFuture<Void> done = pending.remove(id);
                if (done != null) {
                    done.complete(null);
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        IllegalStateException closed = new IllegalStateException("connection " + clientId + " closed");
        connected.completeExceptionally(closed);
        pending.values().forEach(f -> f.completeExceptionally(closed));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    static long stamp(ByteBuf payload) {
        return payload.getLong(payload.readerIndex());
    }

    static int sequence(ByteBuf payload) {
        return payload.getInt(payload.readerIndex() + 8);
    }
}
