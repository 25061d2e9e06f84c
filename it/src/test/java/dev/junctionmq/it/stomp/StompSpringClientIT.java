package dev.junctionmq.it.stomp;

import dev.junctionmq.it.InProcessBroker;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.messaging.simp.stomp.ReactorNettyTcpStompClient;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import java.lang.reflect.Type;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Spring's STOMP client (ReactorNettyTcpStompClient, STOMP 1.2) against the broker. */
class StompSpringClientIT {

    @RegisterExtension
    final InProcessBroker broker = InProcessBroker.configuredBy(StompBrokers::config);

    private ReactorNettyTcpStompClient client;
    private ThreadPoolTaskScheduler scheduler;

    /** A received message: its headers and body. */
    record Received(StompHeaders headers, String body) {
    }

    @BeforeEach
    void start() {
        InetSocketAddress address = StompBrokers.stompAddress(broker.broker());
        client = new ReactorNettyTcpStompClient(address.getHostString(), address.getPort());
        scheduler = new ThreadPoolTaskScheduler();
        scheduler.initialize();
        broker.closeAfterTest(scheduler::shutdown);
        broker.closeAfterTest(client::shutdown);
        client.setTaskScheduler(scheduler); // Spring tracks receipts with it
        client.setDefaultHeartbeat(new long[] {0, 0});
        client.setReceiptTimeLimit(10_000);
    }

    private StompSession connect() throws Exception {
        StompSession session = client.connectAsync(new StompHeaders(), new StompSessionHandlerAdapter() {
        }).get(10, TimeUnit.SECONDS);
        session.setAutoReceipt(true);
        broker.closeAfterTest(session::disconnect);
        return session;
    }

    private static StompFrameHandler into(BlockingQueue<Received> queue) {
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return byte[].class;
            }

            @Override
            public void handleFrame(StompHeaders headers, Object payload) {
                queue.add(new Received(headers, new String((byte[]) payload, StandardCharsets.UTF_8)));
            }
        };
    }

    private static StompHeaders subscription(String destination, String ack) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setAck(ack);
        return headers;
    }

    private static void awaitReceipt(StompSession.Receiptable receiptable) {
        BlockingQueue<Boolean> outcome = new LinkedBlockingQueue<>();
        receiptable.addReceiptTask(() -> outcome.add(true));
        receiptable.addReceiptLostTask(() -> outcome.add(false));
        await().atMost(10, TimeUnit.SECONDS).until(() -> !outcome.isEmpty());
        assertThat(outcome.poll()).as("receipt for " + receiptable.getReceiptId()).isTrue();
    }

    private static Received next(BlockingQueue<Received> queue) throws InterruptedException {
        Received received = queue.poll(10, TimeUnit.SECONDS);
        assertThat(received).as("a message within 10 s").isNotNull();
        return received;
    }

    @Test
    void queue_sendAndReceiveWithReceipts() throws Exception {
        StompSession consumer = connect();
        StompSession producer = connect();
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        awaitReceipt(consumer.subscribe(subscription("/queue/orders", "auto"), into(received)));
        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/orders");
        send.setContentType(org.springframework.util.MimeTypeUtils.TEXT_PLAIN);
        send.set("region", "emea");
        for (int i = 0; i < 3; i++) {
            awaitReceipt(producer.send(send, ("order-" + i).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < 3; i++) {
            Received message = next(received);
            assertThat(message.body()).isEqualTo("order-" + i);
            assertThat(message.headers().getDestination()).isEqualTo("/queue/orders");
            assertThat(message.headers().getFirst("region")).isEqualTo("emea");
            assertThat(message.headers().getContentType()).isEqualTo(org.springframework.util.MimeTypeUtils.TEXT_PLAIN);
            assertThat(message.headers().getMessageId()).isNotBlank();
        }
        assertThat(received).isEmpty();
    }

    @Test
    void topic_everySubscriberGetsTheMessage() throws Exception {
        StompSession first = connect();
        StompSession second = connect();
        BlockingQueue<Received> toFirst = new LinkedBlockingQueue<>();
        BlockingQueue<Received> toSecond = new LinkedBlockingQueue<>();
        awaitReceipt(first.subscribe(subscription("/topic/prices", "auto"), into(toFirst)));
        awaitReceipt(second.subscribe(subscription("/topic/prices", "auto"), into(toSecond)));
        StompHeaders send = new StompHeaders();
        send.setDestination("/topic/prices");
        awaitReceipt(first.send(send, "EURUSD 1.08".getBytes(StandardCharsets.UTF_8)));
        assertThat(next(toFirst).body()).isEqualTo("EURUSD 1.08");
        assertThat(next(toSecond).body()).isEqualTo("EURUSD 1.08");
        assertThat(toFirst).isEmpty();
        assertThat(toSecond).isEmpty();
    }

    @Test
    void clientIndividualAck_nackRedeliversWithRedeliveredHeader() throws Exception {
        StompSession consumer = connect();
        StompSession producer = connect();
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        awaitReceipt(consumer.subscribe(subscription("/queue/work", "client-individual"), into(received)));
        StompHeaders send = new StompHeaders();
        send.setDestination("/queue/work");
        awaitReceipt(producer.send(send, "job-1".getBytes(StandardCharsets.UTF_8)));
        awaitReceipt(producer.send(send, "job-2".getBytes(StandardCharsets.UTF_8)));

        Received job1 = next(received);
        Received job2 = next(received);
        assertThat(List.of(job1.body(), job2.body())).containsExactly("job-1", "job-2");
        assertThat(job1.headers().getFirst("redelivered")).isNull();
        awaitReceipt(consumer.acknowledge(job2.headers().getAck(), true));
        awaitReceipt(consumer.acknowledge(job1.headers().getAck(), false));

        Received again = next(received);
        assertThat(again.body()).isEqualTo("job-1");
        assertThat(again.headers().getFirst("redelivered")).isEqualTo("true");
        assertThat(again.headers().getMessageId()).isEqualTo(job1.headers().getMessageId());
        awaitReceipt(consumer.acknowledge(again.headers().getAck(), true));
        assertThat(received.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }
}
