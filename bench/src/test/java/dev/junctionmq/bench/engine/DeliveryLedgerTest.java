package dev.junctionmq.bench.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryLedgerTest {

    @Test
    void countsLostDuplicatedAndUnexpectedDeliveries() {
        DeliveryLedger ledger = new DeliveryLedger(2);
        assertThat(ledger.record(0, 0)).isTrue();
        assertThat(ledger.record(0, 2)).isTrue();
        assertThat(ledger.record(0, 2)).isFalse();
        assertThat(ledger.record(1, 0)).isTrue();
        assertThat(ledger.record(1, 5)).isTrue(); // producer 1 sent only 0..1
        assertThat(ledger.record(7, 0)).isFalse(); // no such producer
        ledger.recordMalformed();

        DeliveryCounts counts = ledger.counts(new long[] {3, 2});

        assertThat(counts.deliveries()).isEqualTo(7);
        assertThat(counts.distinct()).isEqualTo(4);
        assertThat(counts.lost()).isEqualTo(2); // 0:1 and 1:1
        assertThat(counts.duplicates()).isEqualTo(1);
        assertThat(counts.unexpected()).isEqualTo(3);
        assertThat(counts.exact()).isFalse();
    }

    @Test
    void exactWhenEverySentMessageArrivedOnce() {
        DeliveryLedger ledger = new DeliveryLedger(1);
        ledger.record(0, 1);
        ledger.record(0, 0);

        DeliveryCounts counts = ledger.counts(new long[] {2});

        assertThat(counts).isEqualTo(new DeliveryCounts(2, 2, 0, 0, 0));
        assertThat(counts.exact()).isTrue();
    }

    @Test
    void awaitReturnsOnceTheTargetIsReachedAndTimesOutOtherwise() throws Exception {
        DeliveryLedger short1 = new DeliveryLedger(1);
        short1.record(0, 0);
        assertThat(short1.awaitDistinct(2, Duration.ofMillis(20))).isFalse();

        DeliveryLedger ledger = new DeliveryLedger(1);
        ledger.record(0, 0);
        CompletableFuture<Boolean> waited = CompletableFuture.supplyAsync(() -> {
            try {
                return ledger.awaitDistinct(3, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ledger.record(0, 0); // a duplicate does not count
        ledger.record(0, 1);
        ledger.record(0, 2);
        assertThat(waited.get()).isTrue();
    }
}
