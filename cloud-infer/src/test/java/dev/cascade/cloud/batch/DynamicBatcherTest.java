package dev.cascade.cloud.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DynamicBatcherTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DynamicBatcher<String, Integer> batcher = new DynamicBatcher<>(Map.of(
            "vib", new BatchPolicy(3, Duration.ofMillis(2)), "soil", new BatchPolicy(100, Duration.ofMillis(10))),
            now::get);

    @Test
    void queue_reachingMaxBatch_isDueAtOnce() {
        batcher.add("vib", 1);
        batcher.add("vib", 2);
        assertThat(batcher.due()).isFalse();
        batcher.add("vib", 3);

        assertThat(batcher.due()).isTrue();
        assertThat(batcher.nanosUntilDue()).isZero();
    }

    @Test
    void queue_belowMaxBatch_isDueWhenItsOldestWaitedTheMaxQueueDelay() {
        batcher.add("vib", 1);
        now.addAndGet(1_500_000);
        batcher.add("vib", 2);

        assertThat(batcher.nanosUntilDue()).isEqualTo(500_000);
        now.addAndGet(499_999);
        assertThat(batcher.due()).isFalse();
        now.addAndGet(1);
        assertThat(batcher.due()).isTrue();
    }

    @Test
    void eachModel_fallsDueOnItsOwnPolicy() {
        batcher.add("soil", 1);
        now.addAndGet(5_000_000);
        batcher.add("vib", 2);

        assertThat(batcher.nanosUntilDue()).isEqualTo(2_000_000);
        now.addAndGet(2_000_000);
        assertThat(batcher.due()).isTrue();
    }

    @Test
    void drain_splitsAQueueIntoBatchesOfMaxBatch_inArrivalOrder_withTheOldestWait() {
        for (int i = 0; i < 7; i++) {
            batcher.add("vib", i);
            now.addAndGet(100);
        }
        batcher.add("soil", 9);

        List<DynamicBatcher.Batch<String, Integer>> got = batcher.drain();

        assertThat(got).extracting(DynamicBatcher.Batch::items)
                .containsExactlyInAnyOrder(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6), List.of(9));
        assertThat(got.stream().filter(b -> b.items().get(0) == 0).findFirst().orElseThrow().waitedNanos()).isEqualTo(700);
        assertThat(got.stream().filter(b -> b.items().get(0) == 6).findFirst().orElseThrow().waitedNanos()).isEqualTo(100);
        assertThat(batcher.size()).isZero();
        assertThat(batcher.nanosUntilDue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void delay_startsAgainFromTheFirstWindowAfterADrain() {
        batcher.add("vib", 1);
        now.addAndGet(5_000_000);
        batcher.drain();
        batcher.add("vib", 2);

        assertThat(batcher.nanosUntilDue()).isEqualTo(2_000_000);
    }

    @Test
    void add_forAModelWithoutPolicy_isRefused() {
        assertThatThrownBy(() -> batcher.add("other", 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("key must be a model with a batch policy, was other");
    }

    @Test
    void policy_outOfRange_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new BatchPolicy(0, Duration.ZERO)).hasMessage("maxBatch must be in [1, 4096], was 0");
        assertThatThrownBy(() -> new BatchPolicy(8, Duration.ofMillis(-1)))
                .hasMessage("maxQueueDelay must be in [0, 10 s], was PT-0.001S");
    }
}
