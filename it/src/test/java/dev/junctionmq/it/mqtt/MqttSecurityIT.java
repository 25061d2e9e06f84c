package dev.junctionmq.it.mqtt;

import dev.junctionmq.broker.config.BrokerConfig;
import dev.junctionmq.it.InProcessBroker;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Username/password through the broker's auth service, and permissions on MQTT topic names: the same users and
 * rights as every other protocol (conf/security.properties.example).
 */
class MqttSecurityIT {

    static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(MqttSecurityIT::securedConfig);

    String uri;

    static BrokerConfig securedConfig(Path dir) throws IOException {
        Path security = dir.resolve("security.properties");
        Files.writeString(security, String.join("\n",
                "anonymous.enabled=false",
                "user.dev.password=secret",
                "user.dev.roles=devices",
                "user.ops.password=ops-pw",
                "user.ops.roles=ops",
                "permit.devices=send:telemetry/*, consume:commands/*",
                "permit.ops=*:*", ""));
        return MqttBrokers.config(dir).with(BrokerConfig.SECURITY_FILE, security.toString());
    }

    @BeforeEach
    void start() {
        uri = MqttBrokers.tcpUri(broker.broker());
    }

    static MqttConnectOptions v3(String user, String password) {
        MqttConnectOptions options = PahoV3Client.options(true);
        if (user != null) {
            options.setUserName(user);
            options.setPassword(password.toCharArray());
        }
        return options;
    }

    static PahoV3Client connectV3(String uri, String id, String user, String password) throws MqttException {
        PahoV3Client client = new PahoV3Client(uri, id);
        client.client.connect(v3(user, password));
        return client;
    }

    /** MQTT 3.1.1 §3.2.2.3: wrong or missing credentials get CONNACK 0x04. */
    @Test
    void badCredentialsRefused() throws Exception {
        for (String password : new String[] {"wrong", null}) {
            PahoV3Client client = new PahoV3Client(uri, "intruder");
            MqttConnectOptions options = password == null ? v3(null, null) : v3("dev", password);
            assertThatThrownBy(() -> client.client.connect(options)).isInstanceOf(MqttException.class)
                    .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(4));
            client.client.close();
        }
        PahoV5Client v5 = new PahoV5Client(uri, "intruder5");
        MqttConnectionOptions options = PahoV5Client.options(true, 0);
        options.setUserName("dev");
        options.setPassword("wrong".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> v5.client.connect(options).waitForCompletion(10_000))
                .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class)
                .satisfies(e -> assertThat(((org.eclipse.paho.mqttv5.common.MqttException) e).getReasonCode())
                        .isEqualTo(0x86));
        v5.client.close();
    }

    @Test
    void permittedTopicsWork() throws Exception {
        try (PahoV3Client ops = connectV3(uri, "ops", "ops", "ops-pw");
             PahoV3Client dev = connectV3(uri, "dev", "dev", "secret")) {
            ops.client.subscribe("telemetry/#", 1);
            dev.client.subscribe("commands/dev", 1);
            dev.publish("telemetry/t1", "21".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(ops.next(WAIT).text()).isEqualTo("21");
            ops.publish("commands/dev", "reboot".getBytes(StandardCharsets.UTF_8), 1, false);
            assertThat(dev.next(WAIT).text()).isEqualTo("reboot");
        }
    }

    /** MQTT 5: a refused subscription gets 0x87 in SUBACK, a refused QoS 1 publish PUBACK 0x87; nothing delivered. */
    @Test
    void mqtt5RefusalsAreReasonCodes() throws Exception {
        MqttConnectionOptions options = PahoV5Client.options(true, 0);
        options.setUserName("dev");
        options.setPassword("secret".getBytes(StandardCharsets.UTF_8));
        try (PahoV3Client ops = connectV3(uri, "ops", "ops", "ops-pw");
             PahoV5Client dev = PahoV5Client.connect(uri, "dev5", options)) {
            ops.client.subscribe("secrets/#", 1);
            IMqttToken suback = dev.subscribe(new MqttSubscription("secrets/#", 1),
                    new MqttSubscription("commands/#", 1));
            assertThat(suback.getReasonCodes()).containsExactly(0x87, 1);
            MqttMessage message = new MqttMessage("leak".getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            IMqttToken puback = dev.client.publish("secrets/plans", message);
            try {
                puback.waitForCompletion(10_000);
            } catch (org.eclipse.paho.mqttv5.common.MqttException e) {
                assertThat(e.getReasonCode()).isEqualTo(0x87);
            }
            assertThat(puback.getReasonCodes()).containsExactly(0x87);
            assertThat(ops.poll(Duration.ofMillis(400))).isNull();
            assertThat(dev.client.isConnected()).isTrue();
        }
    }

    /** MQTT 3.1.1 has no negative PUBACK: a refused publish closes the connection, and nothing is delivered. */
    @Test
    void mqtt311RefusedPublishClosesTheConnection() throws Exception {
        try (PahoV3Client ops = connectV3(uri, "ops", "ops", "ops-pw")) {
            ops.client.subscribe("secrets/#", 1);
            PahoV3Client dev = connectV3(uri, "dev", "dev", "secret");
            dev.client.setTimeToWait(2_000);
            try {
                dev.client.publish("secrets/plans", "leak".getBytes(StandardCharsets.UTF_8), 0, false);
            } catch (MqttException e) {
                // the broker may close the connection before Paho counts the QoS 0 publish as sent
            }
            assertThat(dev.lost.get(10, TimeUnit.SECONDS)).isNotNull();
            dev.client.close();
            assertThat(ops.poll(Duration.ofMillis(400))).isNull();
        }
    }
}
