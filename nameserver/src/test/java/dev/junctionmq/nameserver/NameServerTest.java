package dev.junctionmq.nameserver;

import dev.junctionmq.nameserver.route.MutableClock;
import dev.junctionmq.remoting.RemotingCommand;
import dev.junctionmq.remoting.RemotingFrames;
import dev.junctionmq.remoting.RequestCode;
import dev.junctionmq.remoting.ResponseCode;
import dev.junctionmq.remoting.SerializeType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The name server over plain sockets speaking Junction's own codec: error paths and expiry. */
class NameServerTest {

    private static final String REGISTER_BODY = "{\"topicConfigSerializeWrapper\":{\"topicConfigTable\":{\"T\":"
            + "{\"topicName\":\"T\",\"readQueueNums\":4,\"writeQueueNums\":4,\"perm\":6,\"topicSysFlag\":0}}}}";

    private final MutableClock clock = new MutableClock();
    private NameServer server;
    private int port;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void malformedFrameClosesOnlyThatConnection() throws Exception {
        start(NameServer.builder());
        try (Socket good = connect(); Socket bad = connect()) {
            send(good, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).opaque(1).build());
            assertThat(receive(good).code()).isEqualTo(ResponseCode.SUCCESS);

            byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);
            ByteBuf frame = Unpooled.buffer().writeInt(4 + garbage.length).writeInt(garbage.length)
                    .writeBytes(garbage);
            bad.getOutputStream().write(toArray(frame));
            assertClosed(bad);

            send(good, RemotingCommand.request(RequestCode.GET_BROKER_CLUSTER_INFO).opaque(2).build());
            assertThat(receive(good).opaque()).isEqualTo(2);
        }
    }

    @Test
    void oversizedFrameClosesTheConnection() throws Exception {
        start(NameServer.builder().maxFrameLength(1024));
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write(new byte[] {0, 0x10, 0, 0, 0, 0, 0, 0});
            assertClosed(socket);
        }
    }

    @Test
    void unknownCodeIsAnsweredWithRequestCodeNotSupported() throws Exception {
        start(NameServer.builder());
        try (Socket socket = connect()) {
            send(socket, RemotingCommand.request(999).opaque(5).build());

            RemotingCommand response = receive(socket);

            assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(response.remark()).contains("999");
            assertThat(response.opaque()).isEqualTo(5);
            assertThat(response.isResponse()).isTrue();
        }
    }

    @Test
    void missingHeaderFieldIsASystemError() throws Exception {
        start(NameServer.builder());
        try (Socket socket = connect()) {
            send(socket, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).opaque(1).build());

            RemotingCommand response = receive(socket);

            assertThat(response.code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(response.remark()).contains("topic");
        }
    }

    @Test
    void onewayRequestGetsNoAnswer() throws Exception {
        start(NameServer.builder());
        try (Socket socket = connect()) {
            send(socket, register().flag(RemotingCommand.FLAG_ONEWAY).opaque(1).build());
            send(socket, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).opaque(2).extField("topic", "T")
                    .build());

            RemotingCommand response = receive(socket);

            assertThat(response.opaque()).as("the oneway register was not answered").isEqualTo(2);
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void binaryRequestIsAnsweredInBinary() throws Exception {
        start(NameServer.builder());
        try (Socket socket = connect()) {
            send(socket, register().opaque(1).serializeType(SerializeType.ROCKETMQ).build());

            RemotingCommand response = receive(socket);

            assertThat(response.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    @Test
    void brokerThatStopsRegisteringExpires() throws Exception {
        start(NameServer.builder().brokerExpiry(Duration.ofSeconds(120)).scanInterval(Duration.ofMillis(20)));
        try (Socket socket = connect()) {
            send(socket, register().opaque(1).build());
            assertThat(receive(socket).code()).isEqualTo(ResponseCode.SUCCESS);

            clock.advance(Duration.ofSeconds(119));
            send(socket, register().opaque(2).build());
            receive(socket);
            clock.advance(Duration.ofSeconds(119));
            assertThat(server.routes().route("T")).as("re-registered 119 s ago").isPresent();

            clock.advance(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(5)).until(() -> server.routes().route("T").isEmpty());

            send(socket, RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC).opaque(3).extField("topic", "T")
                    .build());
            assertThat(receive(socket).code()).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
        }
    }

    private static RemotingCommand.Builder register() {
        return RemotingCommand.request(RequestCode.REGISTER_BROKER)
                .extField("clusterName", "DefaultCluster")
                .extField("brokerName", "broker-a")
                .extField("brokerAddr", "10.0.0.1:10911")
                .extField("brokerId", "0")
                .body(REGISTER_BODY.getBytes(StandardCharsets.UTF_8));
    }

    private void start(NameServer.Builder builder) throws InterruptedException {
        server = builder.host("127.0.0.1").port(0).clock(clock).build();
        port = server.start();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(5_000);
        return socket;
    }

    private static void send(Socket socket, RemotingCommand command) throws IOException {
        ByteBuf frame = Unpooled.buffer();
        RemotingFrames.encode(command, frame);
        socket.getOutputStream().write(toArray(frame));
    }

    private static RemotingCommand receive(Socket socket) throws IOException {
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] frame = new byte[in.readInt()];
        in.readFully(frame);
        return RemotingFrames.decode(Unpooled.wrappedBuffer(frame));
    }

    private static void assertClosed(Socket socket) {
        assertThatThrownBy(() -> {
            int read = socket.getInputStream().read();
            if (read == -1) {
                throw new EOFException("closed by the server");
            }
        }).isNotInstanceOf(SocketTimeoutException.class).isInstanceOf(IOException.class);
    }

    private static byte[] toArray(ByteBuf buf) {
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        buf.release();
        return bytes;
    }
}
