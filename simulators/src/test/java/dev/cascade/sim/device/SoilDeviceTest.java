package dev.cascade.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.farm.ProbeSpec;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.farm.WeatherSpec;
import dev.cascade.sim.farm.ZoneSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SoilDeviceTest {
    private static final DeviceId ZONE = DeviceId.of("field-3.zone-07");
    private static final Instant MIDNIGHT = Instant.parse("2026-07-01T00:00:00Z");
    private static final Instant WALL = Instant.parse("2026-05-01T08:00:00Z");
    private static final MoistureBand BAND = new MoistureBand(20, 30);

    private static SoilDevice device(double initialPct, ProbeSpec probe, Optional<FixedSchedule> schedule) {
        ZoneSpec spec = ZoneSpec.defaults(SoilType.LOAM, MIDNIGHT).withWeather(WeatherSpec.summer().withoutRain())
                .withInitialMoisturePct(initialPct);
        SoilZone zone = new SoilZone(spec, 1);
        return new SoilDevice(ZONE, zone, new SoilProbe(zone, probe, 2), 10, Duration.ofMinutes(1), BAND, schedule);
    }

    @Test
    void window_carriesFramesOfMoistureTemperatureAndRain_inSimulatedTime() {
        SoilDevice d = device(22, ProbeSpec.ideal(), Optional.empty());
        SensorWindow w = d.nextWindow(WALL).orElseThrow();

        assertThat(w.kind()).isEqualTo(SensorKind.SOIL);
        assertThat(w.samples().channels()).isEqualTo(3);
        assertThat(w.samples().frames()).isEqualTo(10);
        assertThat(w.sampleRateHz()).isCloseTo(1 / 60.0, within(1e-12));
        assertThat(w.timestamp()).isEqualTo(MIDNIGHT.plus(Duration.ofMinutes(1)));
        assertThat(w.sentAt()).isEqualTo(WALL);
        assertThat(w.samples().get(9, 0)).isCloseTo(22f, within(1e-4f));
        assertThat(w.samples().get(9, 1)).isCloseTo((float) d.zone().soilTempC(), within(1e-4f));
        assertThat(w.samples().get(9, 2)).isZero();
        assertThat(d.zone().now()).isEqualTo(MIDNIGHT.plus(Duration.ofMinutes(10)));
    }

    @Test
    void openValve_wetsTheZoneInTheFollowingWindows() {
        SoilDevice d = device(22, ProbeSpec.ideal(), Optional.empty());
        CommandAck ack = d.handle(Commands.open(ZONE, WALL, Duration.ofMinutes(30)), WALL);
        assertThat(ack.status()).isEqualTo(AckStatus.EXECUTED);
        assertThat(ack.detail()).isEqualTo("open for PT30M until " + MIDNIGHT.plus(Duration.ofMinutes(30)));
        for (int i = 0; i < 6; i++) {
            d.nextWindow(WALL);
        }
        assertThat(d.zone().valveOpen()).isFalse();
        assertThat(d.zone().waterUsedLitres()).isCloseTo(6000, within(1e-6));
        assertThat(d.zone().moisturePct()).isCloseTo(24, within(1e-9));
    }

    @Test
    void openValve_onASaturatedZone_isInterlocked() {
        SoilDevice d = device(40, ProbeSpec.ideal(), Optional.empty());
        CommandAck ack = d.handle(Commands.open(ZONE, WALL, Duration.ofMinutes(30)), WALL);
        assertThat(ack.status()).isEqualTo(AckStatus.INTERLOCKED);
        assertThat(ack.detail()).isEqualTo("zone at 40.0 % >= interlock 36.0 %");
        assertThat(d.zone().valveOpen()).isFalse();
        assertThat(d.handle(Commands.close(ZONE, WALL), WALL).detail()).isEqualTo("already closed");
    }

    @Test
    void machineCommand_isUnsupported() {
        SoilDevice d = device(22, ProbeSpec.ideal(), Optional.empty());
        assertThat(d.handle(Commands.stop(ZONE, WALL), WALL).status()).isEqualTo(AckStatus.UNSUPPORTED);
    }

    @Test
    void dropout_losesTheWindowWithoutUsingASequenceNumber() {
        SoilDevice d = device(22, ProbeSpec.ideal().withDropoutProbability(0.5), Optional.empty());
        long sent = 0;
        long lastSeq = -1;
        for (int i = 0; i < 50; i++) {
            Optional<SensorWindow> w = d.nextWindow(WALL);
            if (w.isPresent()) {
                assertThat(w.get().sequence()).isEqualTo(lastSeq + 1);
                lastSeq = w.get().sequence();
                sent++;
            }
        }
        assertThat(d.dropped()).isGreaterThan(40).isEqualTo(50 - sent);
        assertThat(d.sequence()).isEqualTo(sent);
    }

    @Test
    void fixedSchedule_irrigatesDaily_andBandTimeIsCounted() {
        SoilDevice d = device(22, ProbeSpec.ideal(), Optional.of(new FixedSchedule(LocalTime.of(5, 0), Duration.ofMinutes(20))));
        for (int i = 0; i < 3 * 24 * 6; i++) {   // three days of 10-minute windows
            d.nextWindow(WALL);
        }
        assertThat(d.zone().waterUsedLitres()).isCloseTo(3 * 20 * 200, within(1e-6));
        assertThat(d.frames()).isEqualTo(3 * 24 * 60);
        assertThat(d.framesInBand()).isPositive().isLessThanOrEqualTo(d.frames());
    }

    @Test
    void slidingWindows_carryTheLatestHistory_andAdvanceByTheStep() {
        SoilZone zone = new SoilZone(ZoneSpec.defaults(SoilType.LOAM, Instant.parse("2026-07-01T00:00:00Z")), 5);
        SoilDevice d = new SoilDevice(ZONE, zone, new SoilProbe(zone, ProbeSpec.ideal(), 2), 48, 4,
                Duration.ofMinutes(15), BAND, Optional.empty());

        SensorWindow first = d.nextWindow(Instant.now()).orElseThrow();
        SensorWindow second = d.nextWindow(Instant.now()).orElseThrow();

        assertThat(first.samples().frames()).isEqualTo(48);
        assertThat(second.samples().frames()).isEqualTo(48);
        assertThat(Duration.between(first.timestamp(), second.timestamp())).isEqualTo(Duration.ofHours(1));
        float[] a = first.samples().toArray();
        float[] b = second.samples().toArray();
        assertThat(java.util.Arrays.copyOfRange(b, 0, 44 * 3)).containsExactly(java.util.Arrays.copyOfRange(a, 4 * 3, 48 * 3));
        assertThat(d.frames()).isEqualTo(52);
    }
}
