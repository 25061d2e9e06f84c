package dev.junctionmq.it.mqtt;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** An Eclipse Paho MQTT 5 client (the asynchronous one, waited on) that records what it receives. */
final class PahoV5Client implements MqttCallback, AutoCloseable {

    static final long WAIT_MS = 10_000;

    record Received(String topic, MqttMessage message) {
        String text() {
            return new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    final MqttAsyncClient client;
    final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    final CompletableFuture<MqttDisconnectResponse> disconnected = new CompletableFuture<>();
    IMqttToken connectToken;

    PahoV5Client(String uri, String clientId) throws MqttException {
        client = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        client.setCallback(this);
    }

    static MqttConnectionOptions options(boolean cleanStart, long sessionExpiry) {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(cleanStart);
        options.setSessionExpiryInterval(sessionExpiry);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(10);
        return options;
    }

    static PahoV5Client connect(String uri, String clientId) throws MqttException {
        return connect(uri, clientId, options(true, 0));
    }

    static PahoV5Client connect(String uri, String clientId, MqttConnectionOptions options) throws MqttException {
        PahoV5Client c = new PahoV5Client(uri, clientId);
        c.connectToken = c.client.connect(options);
        c.connectToken.waitForCompletion(WAIT_MS);
        return c;
    }

    IMqttToken subscribe(MqttSubscription... subscriptions) throws MqttException {
        IMqttToken token = client.subscribe(subscriptions);
        token.waitForCompletion(WAIT_MS);
        return token;
    }

    IMqttToken subscribe(MqttProperties properties, MqttSubscription... subscriptions) throws MqttException {
        IMqttToken token = client.subscribe(subscriptions, null, null, properties);
        token.waitForCompletion(WAIT_MS);
        return token;
    }

    void publish(String topic, MqttMessage message) throws MqttException {
        client.publish(topic, message).waitForCompletion(WAIT_MS);
    }

    void publish(String topic, byte[] payload, int qos, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(qos);
        message.setRetained(retained);
        publish(topic, message);
    }

    Received next(Duration timeout) throws InterruptedException {
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
            Received r = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (r == null) {
                throw new AssertionError("received " + all.size() + " of " + count + " messages within " + timeout);
            }
            all.add(r);
        }
        return all;
    }

    Received poll(Duration quiet) throws InterruptedException {
        return received.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        disconnected.complete(response);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, message));
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(5_000).waitForCompletion(WAIT_MS);
        }
        client.close();
    }

    /** Drops the connection without DISCONNECT. */
    void kill() throws MqttException {
        client.disconnectForcibly(0, 0, false);
        client.close();
    }
}
