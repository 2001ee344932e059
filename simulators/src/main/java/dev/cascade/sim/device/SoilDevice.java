package dev.cascade.sim.device;

import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import dev.cascade.protocol.window.Samples;
import dev.cascade.protocol.window.SensorKind;
import dev.cascade.protocol.window.SensorWindow;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilReading;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A soil probe and valve controller on one {@link SoilZone}. Each window advances the zone by
 * {@code framesPerWindow} readings {@code sampleInterval} apart (simulated time, so the farm runs as
 * fast as windows are asked for) and carries them as SOIL frames of three interleaved channels:
 * moisture %, soil temperature deg C, rain mm. A reading that drops out loses its whole window.
 * Carries out {@code open_valve} (refused as INTERLOCKED while the zone is at or above its interlock
 * water content) and {@code close_valve}. Optionally runs a {@link FixedSchedule} as the baseline.
 * Counts how much of the time the true water content stayed in the {@link MoistureBand}.
 * Not thread-safe.
 */
public final class SoilDevice extends SimDevice {
    private final SoilZone zone;
    private final SoilProbe probe;
    private final int framesPerWindow;
    private final Duration sampleInterval;
    private final double sampleRateHz;
    private final MoistureBand band;
    private final FixedSchedule schedule;
    private Instant nextScheduled;
    private long frames;
    private long framesInBand;

    public SoilDevice(DeviceId id, SoilZone zone, SoilProbe probe, int framesPerWindow, Duration sampleInterval,
                      MoistureBand band, Optional<FixedSchedule> schedule) {
        super(id, SensorKind.SOIL);
        this.zone = Checks.notNull(zone, "zone");
        this.probe = Checks.notNull(probe, "probe");
        Checks.check(probe.zone() == zone, "probe", "a probe of this zone", probe);
        Checks.check(framesPerWindow >= 1 && framesPerWindow * 3 <= Samples.MAX_VALUES, "framesPerWindow",
                "in [1, " + Samples.MAX_VALUES / 3 + "]", framesPerWindow);
        this.framesPerWindow = framesPerWindow;
        Checks.check(sampleInterval != null && sampleInterval.compareTo(Duration.ofMillis(10)) >= 0,
                "sampleInterval", ">= PT0.01S", sampleInterval);
        this.sampleInterval = sampleInterval;
        this.sampleRateHz = 1e9 / sampleInterval.toNanos();
        this.band = Checks.notNull(band, "band");
        this.schedule = Checks.notNull(schedule, "schedule").orElse(null);
        if (this.schedule != null) {
            Instant today = zone.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS)
                    .plusNanos(this.schedule.at().toNanoOfDay());
            nextScheduled = today.isBefore(zone.now()) ? today.plus(Duration.ofDays(1)) : today;
        }
    }

    public SoilZone zone() {
        return zone;
    }

    @Override
    protected Optional<SensorWindow> produce(Instant sentAt, long sequence) {
        float[] values = new float[framesPerWindow * 3];
        boolean lost = false;
        Instant first = null;
        for (int f = 0; f < framesPerWindow; f++) {
            advanceOneFrame();
            Optional<SoilReading> r = probe.read();
            if (r.isEmpty()) {
                lost = true;
                continue;
            }
            SoilReading reading = r.get();
            if (first == null) {
                first = reading.at();
            }
            values[3 * f] = (float) reading.moisturePct();
            values[3 * f + 1] = (float) reading.soilTempC();
            values[3 * f + 2] = (float) reading.rainMm();
        }
        if (lost) {
            return Optional.empty();
        }
        return Optional.of(new SensorWindow(id(), SensorKind.SOIL, sampleRateHz, first, sequence,
                CorrelationId.random(), sentAt, Samples.interleaved(3, values)));
    }

    @Override
    public void skipWindow(Instant now) {
        for (int f = 0; f < framesPerWindow; f++) {
            advanceOneFrame();
            probe.read();   // the rain gauge keeps counting
        }
    }

    private void advanceOneFrame() {
        zone.step(sampleInterval);
        if (schedule != null && !zone.now().isBefore(nextScheduled)) {
            zone.openValve(schedule.duration());
            nextScheduled = nextScheduled.plus(Duration.ofDays(1));
        }
        frames++;
        if (band.contains(zone.moisturePct())) {
            framesInBand++;
        }
    }

    @Override
    protected Outcome execute(Command command, Instant now) {
        if (command instanceof OpenValve) {
            if (zone.saturated()) {
                return Outcome.interlocked(String.format(Locale.ROOT, "zone at %.1f %% >= interlock %.1f %%",
                        zone.moisturePct(), zone.spec().interlockMoisturePct()));
            }
            Duration d = ((OpenValve) command).duration();
            zone.openValve(d);
            return Outcome.executed("open for " + d + " until " + zone.valveClosesAt().orElseThrow());
        }
        if (command instanceof CloseValve) {
            boolean wasOpen = zone.valveOpen();
            zone.closeValve();
            return Outcome.executed(wasOpen ? "closed" : "already closed");
        }
        return Outcome.unsupported("a valve supports " + OpenValve.TYPE + " and " + CloseValve.TYPE + ", not "
                + command.type());
    }

    /** Readings taken so far (true water content sampled once per frame). */
    public long frames() {
        return frames;
    }

    /** Readings whose true water content was inside the band. */
    public long framesInBand() {
        return framesInBand;
    }

    public MoistureBand band() {
        return band;
    }
}
