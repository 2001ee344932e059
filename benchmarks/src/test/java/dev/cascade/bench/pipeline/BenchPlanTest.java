package dev.cascade.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchPlanTest {
    private static BenchPlan plan(int devices, double rate, Duration duration, Optional<String> mqtt, List<Integer> sweep,
                                  int httpConcurrency) {
        return new BenchPlan(devices, rate, Duration.ofSeconds(1), duration, Path.of("models"), mqtt, Optional.empty(),
                Path.of("out"), sweep, Duration.ofSeconds(5), 60, Duration.ofSeconds(1), 0.5,
                Set.of(BenchPlan.Baseline.HTTP), httpConcurrency, 1, 1, 4, 64, 2, 4, 1, InstancePrice.C6I_LARGE, 1.5,
                Duration.ofMinutes(1), false, Duration.ZERO);
    }

    @Test
    void validPlan_givesTheRatePerDevice() {
        BenchPlan p = plan(10_000, 2000, Duration.ofSeconds(60), Optional.empty(), List.of(1000, 5000), 16);
        assertThat(p.ratePerDevice()).isEqualTo(0.2);
        assertThat(p.inProcessBrokers()).isTrue();
        assertThat(p.sweep()).containsExactly(1000, 5000);
    }

    @Test
    void invalidPlan_namesEveryProblemAtOnce() {
        assertThatThrownBy(() -> plan(0, -1, Duration.ZERO, Optional.of("tcp://127.0.0.1:1883"), List.of(0), 0))
                .isInstanceOf(BenchPlan.InvalidPlanException.class)
                .hasMessageStartingWith("invalid benchmark plan (6 problems): ")
                .hasMessageContaining("devices must be in [1, 100000], was 0")
                .hasMessageContaining("rate must be a finite number > 0, was -1.0")
                .hasMessageContaining("duration must be >= 1s, was PT0S")
                .hasMessageContaining("mqttUri and kafkaBootstrap must be given together (external brokers) or not at all, "
                        + "was tcp://127.0.0.1:1883 and none")
                .hasMessageContaining("sweep device counts must be in [1, 100000], was 0")
                .hasMessageContaining("httpConcurrency must be in [1, 1024], was 0");
    }

    @Test
    void instancePrice_pricesAMillionByCpuShareAndOnTheWholeInstance() {
        InstancePrice p = new InstancePrice("test", 0.36, 2, "");
        // 0.36 $/h over 2 vCPUs = 0.00005 $ per vCPU-second; 1 ms of CPU per event -> 0.05 $ per million.
        assertThat(p.perMillionByCpu(0.001)).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-12));
        // 100 events/s on the whole instance: 360,000 an hour for 0.36 $ -> 1 $ per million.
        assertThat(p.perMillionOnWholeInstance(100)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> new InstancePrice("x", 0, 2, "")).hasMessage(
                "dollarsPerHour must be a finite number > 0, was 0.0");
    }
}
