package dev.junctionmq.bench.mqtt;

import dev.junctionmq.bench.LatencyHistogram;
import dev.junctionmq.bench.Options;
import dev.junctionmq.bench.ResultTable;
import dev.junctionmq.bench.Subcommand;
import dev.junctionmq.bench.UsageException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code junction-bench mqtt}: load against any MQTT 3.1.1 broker (Junction, or Mosquitto for comparison) over
 * TCP: QoS 1 publish→subscribe throughput and latency, time for N clients to connect and subscribe, fan-out of one
 * publish to all of them, and N idle connections held open (the caller measures the broker's memory meanwhile).
 * Exits 1 if a message was lost or duplicated.
 */
public final class MqttCommand implements Subcommand {

    private static final Logger log = LoggerFactory.getLogger(MqttCommand.class);

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public String summary() {
        return "MQTT 3.1.1 broker load over TCP: QoS 1 throughput and latency, subscribe rate, fan-out, idle "
                + "connections";
    }

    @Override
    public List<String> optionHelp() {
        return List.of(
                "--host H             broker host (default 127.0.0.1)",
                "--port P             broker MQTT port (default 1883)",
                "--scenarios LIST     throughput,subscribe,fanout,idle (default throughput,subscribe,fanout)",
                "--messages N         throughput: messages in total (default 100000)",
                "--warmup N           throughput: messages sent first, the same way, and not measured (default 0)",
                "--publishers N       throughput: publishing connections (default 4)",
                "--window N           throughput: QoS 1 publishes in flight per publisher (default 64)",
                "--size BYTES         throughput: payload size (default 1024)",
                "--clients N          subscribe/fanout/idle: connections (default 10000)",
                "--distinct-filters   subscribe: each client its own wildcard filter instead of one shared",
                "--fanout-messages N  fanout: publishes, one at a time (default 5)",
                "--hold-seconds N     idle: how long to hold the connections (default 10)",
                "--source-addresses N connect from 127.0.0.1 .. 127.0.0.N (past the ephemeral-port limit)",
                "--label TEXT         a name for the broker in the output (default the address)");
    }

    @Override
    public int run(List<String> args, PrintStream out) throws Exception {
        Options options = Options.parse(args, Set.of("host", "port", "scenarios", "messages", "warmup", "publishers",
                "window", "size", "clients", "fanout-messages", "hold-seconds", "source-addresses", "label"),
                Set.of("distinct-filters"));
        InetSocketAddress broker = new InetSocketAddress(options.string("host", "127.0.0.1"),
                options.integer("port", 1883));
        List<String> scenarios = options.list("scenarios", List.of("throughput", "subscribe", "fanout"), s -> s);
        for (String scenario : scenarios) {
            if (!Set.of("throughput", "subscribe", "fanout", "idle").contains(scenario)) {
                throw new UsageException("unknown scenario '" + scenario + "'");
            }
        }
        String label = options.string("label", broker.getHostString() + ":" + broker.getPort());
        ResultTable table = new ResultTable("broker", "scenario", "result", "detail");
        boolean exact = true;
        EventLoopGroup group = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
        try {
            if (scenarios.contains("throughput")) {
                int warmup = options.integer("warmup", 0);
                if (warmup > 0) {
                    // The same load first, thrown away: a long-running broker (either one) is measured warmed up.
                    log.info("throughput warm-up: {} messages, not measured", warmup);
                    exact &= throughput(group, broker, options, warmup, label, new ResultTable("", "", "", ""));
                }
                exact &= throughput(group, broker, options, options.integer("messages", 100_000), label, table);
            }
            List<BenchMqttClient> clients = List.of();
            if (scenarios.contains("subscribe") || scenarios.contains("fanout")) {
                clients = subscribe(group, broker, options, label, table, scenarios.contains("fanout"));
            }
            if (scenarios.contains("idle")) {
                idle(group, broker, options, label, table, out);
            }
            clients.forEach(BenchMqttClient::close);
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        table.print(out);
        return exact ? 0 : 1;
    }

    private static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static InetSocketAddress source(int index, int sources) {
        return sources <= 1 ? null : new InetSocketAddress("127.0.0." + (1 + index % sources), 0);
    }

    /** One subscriber, N publishers with a window of QoS 1 publishes each; 8-byte send stamp + sequence in body. */
    private static boolean throughput(EventLoopGroup group, InetSocketAddress broker, Options options, int messages,
                                      String label, ResultTable table) throws Exception {
        int publishers = options.integer("publishers", 4);
        int window = options.integer("window", 64);
        int size = Math.max(16, options.integer("size", 1024));
        LatencyHistogram latency = new LatencyHistogram();
        BitSet seen = new BitSet(messages);
        AtomicLong received = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        CompletableFuture<Void> all = new CompletableFuture<>();
        BenchMqttClient subscriber = BenchMqttClient.connect(group, broker, null, "bench-tp-sub",
                (topic, payload) -> {
                    long now = System.nanoTime();
                    latency.record(now - BenchMqttClient.stamp(payload));
                    int sequence = BenchMqttClient.sequence(payload);
                    if (seen.get(sequence)) {
                        duplicates.incrementAndGet();
                    } else {
                        seen.set(sequence);
                        if (received.incrementAndGet() == messages) {
                            all.complete(null);
                        }
                    }
                }).get(30, TimeUnit.SECONDS);
        subscriber.subscribe("bench/tp", 1).get(30, TimeUnit.SECONDS);
        List<BenchMqttClient> senders = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            senders.add(BenchMqttClient.connect(group, broker, null, "bench-tp-pub-" + p, (t, b) -> {
            }).get(30, TimeUnit.SECONDS));
        }
        log.info("throughput: {} messages of {} bytes, {} publishers, window {}", messages, size, publishers, window);
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            BenchMqttClient sender = senders.get(p);
            int first = p * (messages / publishers);
            int last = p == publishers - 1 ? messages : first + messages / publishers;
            Thread thread = new Thread(() -> {
                Semaphore inFlight = new Semaphore(window);
                for (int seq = first; seq < last; seq++) {
                    inFlight.acquireUninterruptibly();
                    byte[] body = new byte[size];
                    ByteBuffer.wrap(body).putLong(System.nanoTime()).putInt(seq);
                    sender.publish("bench/tp", body, 1).whenComplete((v, e) -> inFlight.release());
                }
                inFlight.acquireUninterruptibly(window);
            }, "bench-publisher-" + p);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long acked = System.nanoTime();
        try {
            all.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            log.warn("throughput: only {} of {} messages arrived", received.get(), messages);
        }
        long end = System.nanoTime();
        long lost = messages - received.get();
        double seconds = (end - start) / 1e9;
        table.row(label, "QoS 1 publish->subscribe", rate(received.get() / seconds) + " msg/s",
                String.format(Locale.ROOT, "%d x %d B, %d publishers; acked at %s msg/s; latency p50 %s p99 %s "
                                + "max %s; lost %d, duplicates %d", messages, size, publishers,
                        rate(messages / ((acked - start) / 1e9)), ms(latency.percentileNanos(50)),
                        ms(latency.percentileNanos(99)), ms(latency.maxNanos()), lost, duplicates.get()));
        senders.forEach(BenchMqttClient::close);
        subscriber.close();
        return lost == 0 && duplicates.get() == 0;
    }

    /** N clients connect, then each subscribes (one wildcard filter, or one each); time until every SUBACK. */
    private static List<BenchMqttClient> subscribe(EventLoopGroup group, InetSocketAddress broker, Options options,
                                                   String label, ResultTable table, boolean fanout)
            throws Exception {
        int clients = options.integer("clients", 10_000);
        int sources = options.integer("source-addresses", 1);
        boolean distinct = options.flag("distinct-filters");
        AtomicLong deliveries = new AtomicLong();
        FanoutWaiter waiter = new FanoutWaiter();
        long connectStart = System.nanoTime();
        List<BenchMqttClient> connected = connectAll(group, broker, clients, sources, "bench-sub-",
                (topic, payload) -> waiter.arrived(deliveries.incrementAndGet()));
        long connectEnd = System.nanoTime();
        table.row(label, "connect " + clients, ms(connectEnd - connectStart),
                rate(clients / ((connectEnd - connectStart) / 1e9)) + " CONNACK/s, 500 in flight");
        long start = System.nanoTime();
        List<CompletableFuture<Void>> subacks = new ArrayList<>(clients);
        for (int i = 0; i < clients; i++) {
            String filter = distinct ? "bench/sub/" + i + "/+" : "bench/fan/+";
            subacks.add(connected.get(i).subscribe(filter, 1));
        }
        CompletableFuture.allOf(subacks.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        long end = System.nanoTime();
        table.row(label, "subscribe " + clients + (distinct ? " (distinct filters)" : " (one wildcard filter)"),
                ms(end - start), "until every SUBACK; " + rate(clients / ((end - start) / 1e9)) + " SUBACK/s");
        if (fanout && !distinct) {
            int publishes = options.integer("fanout-messages", 5);
            BenchMqttClient publisher = BenchMqttClient.connect(group, broker, null, "bench-fan-pub", (t, b) -> {
            }).get(30, TimeUnit.SECONDS);
            LatencyHistogram fan = new LatencyHistogram();
            for (int m = 0; m < publishes; m++) {
                CompletableFuture<Void> all = waiter.await((long) (m + 1) * clients, deliveries.get());
                long t0 = System.nanoTime();
                publisher.publish("bench/fan/x", new byte[64], 1).get(30, TimeUnit.SECONDS);
                try {
                    all.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    log.warn("fan-out: {} of {} deliveries after 60 s", deliveries.get(), (long) (m + 1) * clients);
                }
                fan.record(System.nanoTime() - t0);
            }
            long expected = (long) publishes * clients;
            table.row(label, "fan-out 1 -> " + clients, ms(fan.percentileNanos(50)) + " (median)",
                    String.format(Locale.ROOT, "max %s over %d publishes; %d of %d deliveries", ms(fan.maxNanos()),
                            publishes, deliveries.get(), expected));
            publisher.close();
        }
        return connected;
    }

    /** Completes a future once the delivery count reaches a target (set before each publish). */
    private static final class FanoutWaiter {
        private volatile long target = Long.MAX_VALUE;
        private volatile CompletableFuture<Void> reached = new CompletableFuture<>();

        CompletableFuture<Void> await(long newTarget, long current) {
            CompletableFuture<Void> future = new CompletableFuture<>();
            reached = future;
            target = newTarget;
            if (current >= newTarget) {
                future.complete(null);
            }
            return future;
        }

        void arrived(long count) {
            if (count >= target) {
                reached.complete(null);
            }
        }
    }

    private static List<BenchMqttClient> connectAll(EventLoopGroup group, InetSocketAddress broker, int count,
                                                    int sources, String prefix,
                                                    java.util.function.BiConsumer<String, ByteBuf> onMessage)
            throws Exception {
        List<BenchMqttClient> connected = new ArrayList<>(count);
        Semaphore inFlight = new Semaphore(500);
        List<CompletableFuture<BenchMqttClient>> futures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            CompletableFuture<BenchMqttClient> f = BenchMqttClient.connect(group, broker, source(i, sources),
                    prefix + i, onMessage);
            f.whenComplete((c, e) -> inFlight.release());
            futures.add(f);
        }
        for (CompletableFuture<BenchMqttClient> f : futures) {
            connected.add(f.get(120, TimeUnit.SECONDS));
        }
        return connected;
    }

    /** N connections with nothing to do, held open while the caller measures the broker. */
    private static void idle(EventLoopGroup group, InetSocketAddress broker, Options options, String label,
                             ResultTable table, PrintStream out) throws Exception {
        int clients = options.integer("clients", 10_000);
        int sources = options.integer("source-addresses", 1);
        int hold = options.integer("hold-seconds", 10);
        long start = System.nanoTime();
        List<BenchMqttClient> connected = connectAll(group, broker, clients, sources, "bench-idle-", (t, b) -> {
        });
        long end = System.nanoTime();
        out.println("IDLE_READY " + clients);
        out.flush();
        long closedEarly = 0;
        Thread.sleep(TimeUnit.SECONDS.toMillis(hold)); // the measured period: connections sit idle
        for (BenchMqttClient client : connected) {
            if (client.closeFuture().isDone()) {
                closedEarly++;
            }
        }
        table.row(label, "idle " + clients, ms(end - start) + " to connect",
                "held " + hold + " s; closed by the broker meanwhile: " + closedEarly);
        connected.forEach(BenchMqttClient::close);
    }
}
