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
import dev.cascade.checks.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * A soil probe and valve controller on one {@link SoilZone}. Each window advances the zone by
 * {@code framesPerStep} readings {@code sampleInterval} apart (simulated time, so the farm runs as
 * fast as windows are asked for) and carries the latest {@code framesPerWindow} readings as SOIL frames
 * of three interleaved channels: moisture %, soil temperature deg C, rain mm. With {@code framesPerStep <
 * framesPerWindow} windows slide (each carries the recent history, as a gateway reporting "the last 12 h"
 * every hour). A reading that drops out loses every window that would carry it.
 * Carries out {@code open_valve} (refused as INTERLOCKED while the zone is at or above its interlock
 * water content) and {@code close_valve}. Optionally runs a {@link FixedSchedule} as the baseline.
 * Counts how much of the time the true water content stayed in the {@link MoistureBand}.
 * Not thread-safe.
 */
public final class SoilDevice extends SimDevice {
    private final SoilZone zone;
    private final SoilProbe probe;
    private final int framesPerWindow;
    private final int framesPerStep;
    private final float[] history;
    private final Instant[] historyAt;
    private int filled;
    private int head;
    private long lostAt = Long.MIN_VALUE / 2;
    private final Duration sampleInterval;
    private final double sampleRateHz;
    private final MoistureBand band;
    private final FixedSchedule schedule;
    private Instant nextScheduled;
    private long frames;
    private long framesInBand;

    /** Back-to-back windows of {@code framesPerWindow} new readings each. */
    public SoilDevice(DeviceId id, SoilZone zone, SoilProbe probe, int framesPerWindow, Duration sampleInterval,
                      MoistureBand band, Optional<FixedSchedule> schedule) {
        this(id, zone, probe, framesPerWindow, framesPerWindow, sampleInterval, band, schedule);
    }

    /** Windows of the latest {@code framesPerWindow} readings, every {@code framesPerStep} new readings. */
    public SoilDevice(DeviceId id, SoilZone zone, SoilProbe probe, int framesPerWindow, int framesPerStep,
                      Duration sampleInterval, MoistureBand band, Optional<FixedSchedule> schedule) {
        super(id, SensorKind.SOIL);
        this.zone = Checks.notNull(zone, "zone");
        this.probe = Checks.notNull(probe, "probe");
        Checks.check(probe.zone() == zone, "probe", "a probe of this zone", probe);
        Checks.check(framesPerWindow >= 1 && framesPerWindow * 3 <= Samples.MAX_VALUES, "framesPerWindow",
                "in [1, " + Samples.MAX_VALUES / 3 + "]", framesPerWindow);
        this.framesPerWindow = framesPerWindow;
        Checks.check(framesPerStep >= 1 && framesPerStep <= framesPerWindow, "framesPerStep",
                "in [1, framesPerWindow (" + framesPerWindow + ")]", framesPerStep);
        this.framesPerStep = framesPerStep;
        this.history = new float[framesPerWindow * 3];
        this.historyAt = new Instant[framesPerWindow];
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
        // The first window fills the whole history; later ones add framesPerStep readings.
        int fresh = filled < framesPerWindow ? framesPerWindow - filled : framesPerStep;
        for (int f = 0; f < fresh; f++) {
            advanceOneFrame();
            record(probe.read());
        }
        if (frames - lostAt <= framesPerWindow) {
            return Optional.empty();
        }
        float[] values = new float[framesPerWindow * 3];
        for (int f = 0; f < framesPerWindow; f++) {
            int slot = (head + f) % framesPerWindow;
            System.arraycopy(history, 3 * slot, values, 3 * f, 3);
        }
        Instant first = historyAt[head % framesPerWindow];
        return Optional.of(new SensorWindow(id(), SensorKind.SOIL, sampleRateHz, first, sequence,
                CorrelationId.random(), sentAt, Samples.interleaved(3, values)));
    }

    /** Appends one reading (or a gap) to the ring of the latest {@code framesPerWindow} readings. */
    private void record(Optional<SoilReading> r) {
        int slot = filled < framesPerWindow ? filled++ : head;
        if (filled >= framesPerWindow && slot == head) {
            head = (head + 1) % framesPerWindow;
        }
        if (r.isEmpty()) {
            lostAt = frames;
            return;
        }
        SoilReading reading = r.get();
        history[3 * slot] = (float) reading.moisturePct();
        history[3 * slot + 1] = (float) reading.soilTempC();
        history[3 * slot + 2] = (float) reading.rainMm();
        historyAt[slot] = reading.at();
    }

    @Override
    public void skipWindow(Instant now) {
        int fresh = filled < framesPerWindow ? framesPerWindow - filled : framesPerStep;
        for (int f = 0; f < fresh; f++) {
            advanceOneFrame();
            probe.read();   // the rain gauge keeps counting
            record(Optional.empty());
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
