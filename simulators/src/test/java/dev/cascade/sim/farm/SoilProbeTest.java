package dev.cascade.sim.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoilProbeTest {
    private static final Instant T0 = Instant.parse("2026-07-01T00:00:00Z");

    @Test
    void idealProbe_readsTheZoneExactly() {
        SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, T0), 1);
        SoilProbe probe = new SoilProbe(zone, ProbeSpec.ideal(), 1);
        zone.step(Duration.ofHours(13));
        SoilReading r = probe.read().orElseThrow();
        assertThat(r.at()).isEqualTo(T0.plus(Duration.ofHours(13)));
        assertThat(r.moisturePct()).isEqualTo(zone.moisturePct());
        assertThat(r.soilTempC()).isEqualTo(zone.soilTempC());
    }

    @Test
    void noisyProbe_scattersAroundTheTruthWithItsNoise() {
        SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, T0), 1);
        SoilProbe probe = new SoilProbe(zone, new ProbeSpec(0.5, 0, 0, 0.2, 0.1), 2);
        double sum = 0;
        double sumSq = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            double e = probe.read().orElseThrow().moisturePct() - zone.moisturePct();
            sum += e;
            sumSq += e * e;
        }
        double mean = sum / n;
        assertThat(mean).isCloseTo(0, within(0.02));
        assertThat(Math.sqrt(sumSq / n - mean * mean)).isCloseTo(0.5, within(0.02));
    }

    @Test
    void drift_growsWithTime() {
        SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.CLAY, T0).withWeather(WeatherSpec.summer().withoutRain()), 1);
        SoilProbe probe = new SoilProbe(zone, new ProbeSpec(0, 0.5, 0, 0.2, 0), 3);
        double early = probe.read().orElseThrow().moisturePct() - zone.moisturePct();
        zone.step(Duration.ofDays(20));
        double late = probe.read().orElseThrow().moisturePct() - zone.moisturePct();
        assertThat(early).isCloseTo(0, within(1e-9));
        assertThat(Math.abs(late)).isGreaterThan(0.1);
    }

    @Test
    void dropouts_loseReadingsAtTheirRate_butNotTheRain() {
        WeatherSpec rainy = new WeatherSpec(20, 10, 2, 0.8, 12, 14);
        SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, T0).withWeather(rainy), 4);
        SoilProbe probe = new SoilProbe(zone, ProbeSpec.defaults().withDropoutProbability(0.2), 5);
        int lost = 0;
        double reportedRain = 0;
        int n = 24 * 60;
        for (int i = 0; i < n; i++) {
            zone.step(Duration.ofMinutes(10));
            Optional<SoilReading> r = probe.read();
            if (r.isEmpty()) {
                lost++;
            } else {
                reportedRain += r.get().rainMm();
                assertThat(r.get().rainMm() / 0.2).isCloseTo(Math.rint(r.get().rainMm() / 0.2), within(1e-6));
            }
        }
        assertThat((double) lost / n).isCloseTo(0.2, within(0.03));
        assertThat(zone.rainMmTotal()).isGreaterThan(10);
        assertThat(reportedRain).isCloseTo(zone.rainMmTotal(), within(0.2 + 1e-6));
    }
}
