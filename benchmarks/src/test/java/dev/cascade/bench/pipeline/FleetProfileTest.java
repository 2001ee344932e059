package dev.cascade.bench.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.fleet.FleetEvent;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FleetProfileTest {
    private static FleetProfile profile(int machines, double faultsPerMinute, Duration length) {
        return new FleetProfile("bench-test", Optional.of("tcp://127.0.0.1:1883"), machines, 0, 0, 0.2, faultsPerMinute,
                length, 7, 2, 4);
    }

    @Test
    void faults_areSpreadOverThePhase_oneMachineEach_neverTheSameTwice() {
        FleetProfile p = profile(5000, 300, Duration.ofSeconds(20));
        SimConfig c = p.config();
        assertThat(p.faults()).isEqualTo(100);
        assertThat(c.events()).hasSize(100);
        Set<String> prefixes = new HashSet<>();
        for (FleetEvent e : c.events()) {
            String prefix = e.devices().prefix();
            assertThat(prefix).matches("machine-\\d{4}");
            assertThat(e.devices().share()).isEqualTo(1.0);
            prefixes.add(prefix);
        }
        assertThat(prefixes).hasSize(100);
        assertThat(c.events().get(0).at()).isEqualTo(Duration.ofMillis(100));
        assertThat(c.events().get(99).at()).isEqualTo(Duration.ofMillis(19_900));
    }

    @Test
    void withTenThousandMachinesOrMore_anIdThatStartsALongerIdIsNeverPicked() {
        FleetProfile p = profile(12_000, 6000, Duration.ofSeconds(120));
        List<FleetEvent> events = p.config().events();
        assertThat(events).hasSize(11_800);   // 12,000 minus ids 1000..1199, which start ids 10000..11999
        for (FleetEvent e : events) {
            int id = Integer.parseInt(e.devices().prefix().substring("machine-".length()));
            assertThat(id < 1000 || id * 10 >= 12_000).as("machine %d", id).isTrue();
        }
    }

    @Test
    void fleet_withoutABroker_andWithoutFaults_parses() {
        FleetProfile p = new FleetProfile("bench-http", Optional.empty(), 10, 5, 48, 2.0, 0, Duration.ofSeconds(5), 1, 1, 1);
        SimConfig c = p.config();
        assertThat(c.mqtt().enabled()).isFalse();
        assertThat(c.devices()).isEqualTo(15);
        assertThat(c.farm().framesPerWindow()).isEqualTo(48);
        assertThat(c.events()).isEmpty();
    }
}
