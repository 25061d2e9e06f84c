package dev.junctionmq.it.stomp;

import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@link JavaMessagingPeer} on Spring's STOMP client over TCP (STOMP 1.2, one session, a receipt for every frame).
 * JMS names map to STOMP destinations as the broker documents: queue {@code q} is {@code /queue/q}, topic {@code t}
 * is {@code /topic/t}.
 */
final class SpringStompPeer implements JavaMessagingPeer {

    private static final long TIMEOUT_SECONDS = 10;

    private final ReactorNettyTcpStompClient client;
    private final ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
    private final StompSession session;
    private final BlockingQueue<byte[]> fromQueue = new LinkedBlockingQueue<>();

    SpringStompPeer(InetSocketAddress stompAddress) throws Exception {
        client = new ReactorNettyTcpStompClient(stompAddress.getHostString(), stompAddress.getPort());
        scheduler.initialize();
        client.setTaskScheduler(scheduler); // Spring tracks receipts with it
        client.setDefaultHeartbeat(new long[] {0, 0});
        client.setReceiptTimeLimit(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
        session = client.connectAsync(new StompHeaders(), new StompSessionHandlerAdapter() {
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        session.setAutoReceipt(true);
    }

    @Override
    public void listenOnQueue(String queue) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/queue/" + queue);
        headers.setAck("auto");
        awaitReceipt(session.subscribe(headers, new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders frameHeaders) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders frameHeaders, Object payload) {
                fromQueue.add((byte[]) payload);
            }
        }));
    }

    @Override
    public void publishToTopic(String topic, byte[] body) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination("/topic/" + topic);
        awaitReceipt(session.send(headers, body));
    }

    @Override
    public byte[] nextFromQueue(Duration timeout) throws InterruptedException {
        return fromQueue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitReceipt(StompSession.Receiptable receiptable) {
        CompletableFuture<Boolean> outcome = new CompletableFuture<>();
        receiptable.addReceiptTask(() -> outcome.complete(true));
        receiptable.addReceiptLostTask(() -> outcome.complete(false));
        boolean received;
        try {
            received = outcome.get(TIMEOUT_SECONDS + 1, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no receipt for " + receiptable.getReceiptId(), e);
        }
        if (!received) {
            throw new IllegalStateException("receipt lost for " + receiptable.getReceiptId());
        }
    }

    @Override
    public void close() {
        session.disconnect();
        client.shutdown();
        scheduler.shutdown();
    }
}
