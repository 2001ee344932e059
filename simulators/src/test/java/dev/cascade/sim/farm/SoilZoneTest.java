package dev.cascade.sim.farm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SoilZoneTest {
    private static final Instant MIDNIGHT = Instant.parse("2026-07-01T00:00:00Z");
    private static final ZoneSpec DRY_LOAM = ZoneSpec.defaults(SoilType.LOAM, MIDNIGHT)
            .withWeather(WeatherSpec.summer().withoutRain())
            .withInitialMoisturePct(22);

    @Test
    void openValve_wetsTheZoneAtItsFlowRate_andClosesByItself() {
        SoilZone zone = new SoilZone(DRY_LOAM, 1);
        zone.openValve(Duration.ofHours(1));
        assertThat(zone.valveOpen()).isTrue();
        assertThat(zone.valveClosesAt()).contains(MIDNIGHT.plus(Duration.ofHours(1)));

        zone.step(Duration.ofHours(3));   // at night: no ET, below field capacity: no drainage

        assertThat(zone.valveOpen()).isFalse();
        assertThat(zone.waterUsedLitres()).isCloseTo(200 * 60, within(1e-6));
        assertThat(zone.irrigationMmTotal()).isCloseTo(12, within(1e-9));
        assertThat(zone.moisturePct()).isCloseTo(22 + 12.0 / 300 * 100, within(1e-9));
    }

    @Test
    void closeValve_stopsTheFlow() {
        SoilZone zone = new SoilZone(DRY_LOAM, 1);
        zone.openValve(Duration.ofHours(2));
        zone.step(Duration.ofMinutes(30));
        zone.closeValve();
        zone.step(Duration.ofHours(2));
        assertThat(zone.waterUsedLitres()).isCloseTo(200 * 30, within(1e-6));
    }

    @Test
    void moisture_fallsByDayAndHoldsAtNight() {
        SoilZone zone = new SoilZone(DRY_LOAM, 1);
        zone.step(Duration.ofHours(6));
        assertThat(zone.moisturePct()).isEqualTo(22);
        double morning = zone.moisturePct();
        zone.step(Duration.ofHours(12));
        double evening = zone.moisturePct();
        double et0 = zone.today().et0MmPerDay();
        assertThat(et0).isBetween(3.0, 8.0);
        assertThat(morning - evening).isCloseTo(et0 / 300 * 100, within(1e-6));   // unstressed: full crop ET
        zone.step(Duration.ofHours(6));
        assertThat(zone.moisturePct()).isEqualTo(evening);
    }

    @Test
    void drySpell_approachesButNeverPassesTheWiltingPoint() {
        SoilZone zone = new SoilZone(DRY_LOAM, 2);
        double previous = zone.moisturePct();
        for (int day = 0; day < 90; day++) {
            zone.step(Duration.ofDays(1));
            assertThat(zone.moisturePct()).isLessThanOrEqualTo(previous).isGreaterThan(12.0);
            previous = zone.moisturePct();
        }
        assertThat(zone.moisturePct()).isLessThan(13.0);
    }

    @Test
    void waterAboveFieldCapacity_drainsTowardFieldCapacity() {
        SoilZone zone = new SoilZone(DRY_LOAM.withInitialMoisturePct(44), 3);
        zone.step(Duration.ofHours(6));   // night: only drainage acts
        double drained = (44 - zone.moisturePct()) / 100 * 300;
        assertThat(zone.drainageMmTotal()).isCloseTo(drained, within(1e-9));
        assertThat(zone.moisturePct()).isCloseTo(27 + 17 * Math.exp(-0.4 * 0.25), within(1e-6));
        zone.step(Duration.ofDays(10));
        assertThat(zone.moisturePct()).isLessThan(27.0);
    }

    @Test
    void irrigationPastSaturation_runsOffAndTripsTheInterlock() {
        SoilZone zone = new SoilZone(DRY_LOAM, 4);
        assertThat(zone.saturated()).isFalse();
        zone.openValve(Duration.ofHours(6));   // 72 mm into a zone that holds 69 mm more at saturation
        zone.step(Duration.ofHours(6));
        assertThat(zone.moisturePct()).isLessThanOrEqualTo(45.0).isGreaterThan(ZoneSpec.defaultInterlockPct(SoilType.LOAM));
        assertThat(zone.saturated()).isTrue();
    }

    @Test
    void rain_wetsTheZone_andZonesSharingWeatherSeeTheSameRain() {
        WeatherSpec wet = new WeatherSpec(20, 10, 2, 1.0, 10, 14);
        Weather weather = new Weather(wet, 5);
        SoilZone a = new SoilZone(DRY_LOAM.withWeather(wet), weather);
        SoilZone b = new SoilZone(ZoneSpec.defaults(SoilType.SAND, MIDNIGHT).withWeather(wet), weather);
        double rainSeenInSteps = 0;
        for (int i = 0; i < 24 * 10; i++) {
            a.step(Duration.ofHours(1));
            b.step(Duration.ofHours(1));
            rainSeenInSteps += a.lastStepRainMm();
        }
        assertThat(a.rainMmTotal()).isGreaterThan(0).isEqualTo(b.rainMmTotal());
        assertThat(rainSeenInSteps).isCloseTo(a.rainMmTotal(), within(1e-9));
        double balance = 22 / 100.0 * 300 + a.rainMmTotal() - a.etMmTotal() - a.drainageMmTotal() - a.runoffMmTotal();
        assertThat(a.storageMm()).isCloseTo(balance, within(1e-6));
    }

    @Test
    void sameSeed_givesTheSameWeatherAndTrajectory() {
        ZoneSpec spec = ZoneSpec.defaults(SoilType.CLAY, MIDNIGHT);
        SoilZone a = new SoilZone(spec, 9);
        SoilZone b = new SoilZone(spec, 9);
        SoilZone c = new SoilZone(spec, 10);
        boolean differs = false;
        for (int day = 0; day < 30; day++) {
            a.step(Duration.ofDays(1));
            b.step(Duration.ofDays(1));
            c.step(Duration.ofDays(1));
            assertThat(b.moisturePct()).isEqualTo(a.moisturePct());
            differs |= c.moisturePct() != a.moisturePct();
        }
        assertThat(differs).isTrue();
    }

    @Test
    void summerWeather_hasPlausibleTemperaturesAndEvapotranspiration() {
        Weather w = new Weather(WeatherSpec.summer(), 11);
        double et = 0;
        int rainyDays = 0;
        for (long d = 0; d < 1000; d++) {
            DayWeather day = w.day(20_000 + d);
            et += day.et0MmPerDay();
            rainyDays += day.rainMm() > 0 ? 1 : 0;
            assertThat(day.maxTempC()).isGreaterThan(day.minTempC());
            assertThat(day.airTempC(15)).isCloseTo(day.maxTempC(), within(1e-9));
        }
        assertThat(et / 1000).isBetween(4.0, 6.5);
        assertThat(rainyDays).isBetween(90, 150);
        assertThat(DayWeather.etShare(0, 24)).isCloseTo(1.0, within(1e-12));
        assertThat(DayWeather.etShare(0, 12)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void zoneSpec_outOfRange_isRejectedNamingTheField() {
        assertThatThrownBy(() -> DRY_LOAM.withInitialMoisturePct(60))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialMoisturePct must be in [12.0, 45.0], was 60.0");
    }
}
