package dev.junctionmq.it.mqtt;

import dev.junctionmq.it.InProcessBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MQTT over WebSocket on the broker's HTTP port ({@code /mqtt}, subprotocol {@code mqtt}), with Paho's transport. */
class MqttWebSocketIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttBrokers::config);

    @Test
    void webSocketAndTcpClientsExchangeMessages() throws Exception {
        String ws = "ws://127.0.0.1:" + broker.broker().httpPort() + "/mqtt";
        try (PahoV3Client overWs = PahoV3Client.connect(ws, "ws-client", true);
             PahoV3Client overTcp = PahoV3Client.connect(MqttBrokers.tcpUri(broker.broker()), "tcp-client", true)) {
            overWs.client.subscribe("web/#", 2);
            overTcp.client.subscribe("tcp/#", 1);
            byte[] big = new byte[40_000]; // spans several TCP reads and WebSocket frames
            new Random(3).nextBytes(big);
            overTcp.publish("web/in", big, 2, false);
            overWs.publish("tcp/in", new byte[] {1, 2, 3}, 1, false);
            PahoV3Client.Received toWs = overWs.next(WAIT);
            assertThat(toWs.topic()).isEqualTo("web/in");
            assertThat(toWs.payload()).isEqualTo(big);
            assertThat(overTcp.next(WAIT).payload()).containsExactly(1, 2, 3);
        }
    }

    /** [MQTT-6.0.0-3]: the subprotocol is "mqtt"; a client offering only others is refused. */
    @Test
    void otherSubprotocolsRefused() {
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> http.newWebSocketBuilder().subprotocols("v12.stomp")
                .buildAsync(URI.create("ws://127.0.0.1:" + broker.broker().httpPort() + "/mqtt"),
                        new WebSocket.Listener() {
                        }).orTimeout(10, TimeUnit.SECONDS).join()).isInstanceOf(CompletionException.class);
    }
}
