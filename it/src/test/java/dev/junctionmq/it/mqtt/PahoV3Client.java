package dev.junctionmq.it.mqtt;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An Eclipse Paho MQTT 3.1.1 client that records what it receives. */
public final class PahoV3Client implements MqttCallback, AutoCloseable {

    /** One received message: topic, payload, QoS, flags. */
    public record Received(String topic, byte[] payload, int qos, boolean retained, boolean duplicate) {
        public String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public final MqttClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CompletableFuture<Throwable> lost = new CompletableFuture<>();

    public PahoV3Client(String uri, String clientId) throws MqttException {
        client = new MqttClient(uri, clientId, new MemoryPersistence());
        client.setCallback(this);
        client.setTimeToWait(10_000);
    }

    static MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        options.setMaxInflight(1000);
        return options;
    }

    public static PahoV3Client connect(String uri, String clientId, boolean cleanSession) throws MqttException {
        PahoV3Client c = new PahoV3Client(uri, clientId);
        c.client.connect(options(cleanSession));
        return c;
    }

    public Received next(Duration timeout) throws InterruptedException {
        Received r = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no message within " + timeout);
        }
        return r;
    }

    List<Received> take(int count, Duration timeout) throws InterruptedException {
        List<Received> all = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (all.size() < count) {
            long left = deadline - System.nanoTime();
            Received r = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("received " + all.size() + " of " + count + " messages within " + timeout);
            }
            all.add(r);
        }
        return all;
    }

    public Received poll(Duration quiet) throws InterruptedException {
        return received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    public void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        client.publish(topic, payload, qos, retained);
    }

    @Override
    public void connectionLost(Throwable cause) {
        lost.complete(cause);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message.getPayload(), message.getQos(), message.isRetained(),
                message.isDuplicate()));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    /** A clean DISCONNECT, then the client is closed. */
    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000);
        }
        client.close();
    }

    /** Drops the TCP connection without DISCONNECT (an abnormal close, as a crashed device). */
    void kill() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close();
    }
}
