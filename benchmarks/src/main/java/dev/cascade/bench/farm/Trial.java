package dev.cascade.bench.farm;

import dev.cascade.sim.config.ConfigException;
import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.run.Simulation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The fields of a closed-loop farm trial: {@code zones} loam, sand and clay zones under a dry summer, whose
 * probes report the last 12 hours (48 readings, 15 minutes apart) every simulated hour. The same seed
 * gives the same weather and probes to every run, so a timer and Cascade water identical fields.
 */
public final class Trial {
    private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");
    private static final int HISTORY = 48;
    private static final int STEP = 4;

    private final int zones;
    private final int days;
    private final double bandLow;
    private final double bandHigh;
    private final long seed;
    private final Climate climate;

    /** The weather the fields get. */
    public enum Climate {
        /** A dry mid-latitude summer: ~5 mm/day evapotranspiration, rain on 1 day in 8 (8 mm). */
        SUMMER("{meanTempC: 24, dailyRangeC: 12, dayToDayTempC: 2.5, rainProbabilityPerDay: 0.12, meanRainMm: 8, radiationMmPerDay: 16}"),
        /** A changeable summer: warm and cool spells, light showers on 1 day in 4 (5 mm). */
        CHANGEABLE("{meanTempC: 22, dailyRangeC: 12, dayToDayTempC: 4, rainProbabilityPerDay: 0.25, meanRainMm: 5, radiationMmPerDay: 16}"),
        /** A temperate season: cooler, showers on 1 day in 3 (9 mm); rain alone takes zones over the band. */
        TEMPERATE("{meanTempC: 19, dailyRangeC: 10, dayToDayTempC: 4, rainProbabilityPerDay: 0.33, meanRainMm: 9, radiationMmPerDay: 14}");

        final String yaml;

        Climate(String yaml) {
            this.yaml = yaml;
        }
    }

    /** Time in band and water of one run. */
    record Outcome(int timerMinutes, double inBand, double litresPerZone) {}

    Trial(int zones, int days, double bandLow, double bandHigh, long seed, Climate climate) {
        if (zones < 1 || days < 1) {
            throw new IllegalArgumentException("zones and days must be >= 1, were " + zones + " and " + days);
        }
        this.zones = zones;
        this.days = days;
        this.bandLow = bandLow;
        this.bandHigh = bandHigh;
        this.seed = seed;
        this.climate = climate;
    }

    Instant start() {
        return START;
    }

    /** The farm as a simulator configuration; with a timer, every valve also opens daily at 05:00. */
    SimConfig config(String mqttUri, double windowsPerSecond, Optional<Integer> timerMinutes) throws ConfigException {
        String timer = timerMinutes.map(m -> "\n  fixedSchedule: {at: \"05:00\", duration: " + m + "m}").orElse("");
        String mqtt = mqttUri == null ? "{enabled: false}" : "{serverUri: " + mqttUri + ", connections: 1}";
        String yaml = """
                namespace: cascade
                seed: %d
                mqtt: %s
                runner: {workers: 1, jitter: 0.0, clockOffsetStdDev: 0ms, clockDriftPpmStdDev: 0}
                factory: {machines: 0}
                farm:
                  zones: %d
                  idPrefix: zone-
                  windowsPerSecond: %s
                  framesPerWindow: %d
                  framesPerStep: %d
                  sampleInterval: 15m
                  start: %s
                  soils: [LOAM]
                  zonesPerField: 6
                  band: {lowPct: %s, highPct: %s}
                  weather: %s%s
                """.formatted(seed, mqtt, zones, windowsPerSecond, HISTORY, STEP, START, bandLow, bandHigh, climate.yaml,
                timer);
        // The farm names no files, so relative paths have nothing to resolve against but the working directory.
        return SimConfig.parse(yaml, Path.of("").toAbsolutePath());
    }

    /** Runs the fields without Cascade, watered by a daily timer of {@code minutes} (0: never). */
    Outcome timer(int minutes) throws IOException, ConfigException {
        SimConfig c = config(null, 1, minutes == 0 ? Optional.empty() : Optional.of(minutes));
        List<SoilDevice> devices = new ArrayList<>();
        for (FleetDevice d : Simulation.devices(c, Instant.now())) {
            if (d.device() instanceof SoilDevice soil) {
                devices.add(soil);
            }
        }
        Instant end = START.plus(Duration.ofDays(days));
        for (SoilDevice d : devices) {
            while (d.zone().now().isBefore(end)) {
                d.nextWindow(Instant.now());
            }
        }
        Outcome o = outcome(devices);
        return new Outcome(minutes, o.inBand(), o.litresPerZone());
    }

    /**
     * Runs the fields with the cloud irrigation model deciding every hour in this process (no brokers): the
     * controller the pipeline runs, without transport, for tuning and as a cross-check.
     */
    Outcome modelInTheLoop(dev.cascade.cloud.model.CloudModel model, double below, double minutesPerPercent,
                           Duration maxWatering) throws IOException, ConfigException {
        SimConfig c = config(null, 1, Optional.empty());
        List<SoilDevice> devices = new ArrayList<>();
        for (FleetDevice d : Simulation.devices(c, Instant.now())) {
            if (d.device() instanceof SoilDevice soil) {
                devices.add(soil);
            }
        }
        Instant end = START.plus(Duration.ofDays(days));
        for (SoilDevice d : devices) {
            while (d.zone().now().isBefore(end)) {
                Optional<dev.cascade.protocol.window.SensorWindow> w = d.nextWindow(Instant.now());
                if (w.isEmpty()) {
                    continue;
                }
                float forecast = model.score(List.of(w.get()))[0];
                if (forecast < below && !d.zone().saturated()) {
                    long seconds = Math.round(Math.max(5, (below - forecast) * minutesPerPercent) * 60);
                    d.zone().openValve(Duration.ofSeconds(Math.min(seconds, maxWatering.toSeconds())));
                }
            }
        }
        Outcome o = outcome(devices);
        return new Outcome(-1, o.inBand(), o.litresPerZone());
    }

    /** Every daily timer from 0 to {@code maxMinutes} minutes, in order. */
    List<Outcome> timers(int maxMinutes) throws IOException, ConfigException {
        List<Outcome> out = new ArrayList<>();
        for (int m = 0; m <= maxMinutes; m++) {
            out.add(timer(m));
        }
        return out;
    }

    /** The shortest timer in band at least {@code target} of the time, if any. */
    static Optional<Outcome> shortestReaching(List<Outcome> timers, double target) {
        return timers.stream().filter(o -> o.inBand() >= target).findFirst();
    }

    /** Time in band over all readings of all zones, and water per zone scaled to exactly {@code days}. */
    Outcome outcome(List<SoilDevice> devices) {
        long frames = 0;
        long inBand = 0;
        double litres = 0;
        for (SoilDevice d : devices) {
            frames += d.frames();
            inBand += d.framesInBand();
            double zoneDays = Duration.between(START, d.zone().now()).toSeconds() / 86_400.0;
            litres += d.zone().waterUsedLitres() * Math.min(1.0, days / zoneDays);
        }
        return new Outcome(-1, frames == 0 ? 0 : (double) inBand / frames, litres / devices.size());
    }
}
