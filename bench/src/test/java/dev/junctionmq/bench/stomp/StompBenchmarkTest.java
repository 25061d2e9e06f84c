package dev.junctionmq.bench.stomp;

import dev.junctionmq.bench.peer.ArtemisPeer;
import dev.junctionmq.bench.peer.JunctionPeer;
import dev.junctionmq.broker.store.FlushMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The STOMP benchmark client end to end, with a few hundred messages (a check that it counts right against both
 * peers, not a measurement): every message arrives once, with its latency recorded.
 */
class StompBenchmarkTest {

    @TempDir
    Path dir;

    private static StompWorkload workload(InetSocketAddress address) {
        return new StompWorkload(address.getHostString(), address.getPort(), "/queue/bench-test", 300, 50, 1024, 20,
                10, null, null, Duration.ofSeconds(20));
    }

    @Test
    void junctionDeliversEveryMessageOnce() throws Exception {
        try (JunctionPeer broker = JunctionPeer.start(dir.resolve("junction"), FlushMode.SYNC_FLUSH)) {
            StompResult result = StompBenchmark.run("junction", workload(broker.address("stomp")));
            assertExact(result);
        }
    }

    @Test
    void artemisPeerServesStompAndDeliversEveryMessageOnce() throws Exception {
        try (ArtemisPeer broker = ArtemisPeer.start(dir.resolve("artemis"), Set.of(ArtemisPeer.Protocol.STOMP),
                true)) {
            StompResult result = StompBenchmark.run("artemis", workload(broker.address(ArtemisPeer.Protocol.STOMP)));
            assertExact(result);
        }
    }

    private static void assertExact(StompResult result) {
        assertThat(result.failure()).isNull();
        assertThat(result.received()).isEqualTo(300);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isZero();
        assertThat(result.latency().count()).isEqualTo(300);
        assertThat(result.messagesPerSecond()).isPositive();
        assertThat(result.exact()).isTrue();
    }

    @Test
    void artemisPeerRefusesAProtocolWhoseModuleIsMissing() {
        assertThatThrownBy(() -> ArtemisPeer.start(dir.resolve("artemis-mqtt"),
                        Set.of(ArtemisPeer.Protocol.MQTT), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("add artemis-mqtt-protocol to bench/pom.xml");
    }
}
