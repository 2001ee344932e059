package dev.cascade.bench.farm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.cascade.pipeline.Pipeline;
import dev.cascade.pipeline.PipelineOptions;
import dev.cascade.edge.EdgeStats;
import dev.cascade.protocol.topic.Topics;
import dev.cascade.sim.config.SimConfig;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.fleet.FleetDevice;
import dev.cascade.sim.fleet.FleetObserver;
import dev.cascade.sim.run.Simulation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The closed-loop farm trial behind {@code cascade farm-trial}. The same simulated fields (same soils, weather and
 * seeds) are watered for {@code days} simulated days twice: by a fixed daily timer (the shortest one that keeps the
 * band at least 95% of the time, found by a sweep), and by Cascade (edge and cloud irrigation models through the
 * real pipeline and brokers). Reports time in band and water used.
 */
public final class FarmTrial {
    /**
     * What one trial runs.
     *
     * @param days simulated days
     * @param zones irrigated zones
     * @param rate windows per wall second per zone; each window is one simulated hour
     * @param bandLow target band, lower edge, %
     * @param bandHigh target band, upper edge, %
     * @param irrigateBelow Cascade irrigates when the 6 h moisture forecast falls below this, %
     * @param minutesPerPercent watering per percentage point of forecast deficit
     * @param maxWatering the longest watering one command orders
     * @param climate the weather
     * @param offlineSweep only tune: the cloud model in the loop without the pipeline over a grid of irrigateBelow
     * @param seed weather and probe seed
     * @param seeds with offlineSweep: compare timer and model at irrigateBelow over these weather seeds (empty: none)
     * @param models the model registry folder
     * @param trustedKeys the folder of keys the pipeline trusts model signatures from
     * @param report where to write the results as JSON (empty: nowhere)
     */
    public record Settings(int days, int zones, double rate, double bandLow, double bandHigh, double irrigateBelow,
                           double minutesPerPercent, Duration maxWatering, Trial.Climate climate, boolean offlineSweep,
                           long seed, List<Long> seeds, Path models, Path trustedKeys, java.util.Optional<Path> report) {
        public Settings {
            if (days < 1) {
                throw new IllegalArgumentException("days must be >= 1, was " + days);
            }
            if (zones < 1) {
                throw new IllegalArgumentException("zones must be >= 1, was " + zones);
            }
            if (!(rate > 0) || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be a finite number > 0, was " + rate);
            }
            java.util.Objects.requireNonNull(maxWatering, "maxWatering");
            java.util.Objects.requireNonNull(climate, "climate");
            seeds = List.copyOf(seeds);
            java.util.Objects.requireNonNull(models, "models");
            java.util.Objects.requireNonNull(trustedKeys, "trustedKeys");
            java.util.Objects.requireNonNull(report, "report");
        }
    }

    private final int days;
    private final int zones;
    private final double rate;
    private final double bandLow;
    private final double bandHigh;
    private final double irrigateBelow;
    private final double minutesPerPercent;
    private final Duration maxWatering;
    private final Trial.Climate climate;
    private final boolean offlineSweep;
    private final long seed;
    private final List<Long> seeds;
    private final Path models;
    private final Path trustedKeys;
    private final Path report;

    /** A trial of {@code settings}; nothing runs until {@link #run}. */
    public FarmTrial(Settings settings) {
        this.days = settings.days();
        this.zones = settings.zones();
        this.rate = settings.rate();
        this.bandLow = settings.bandLow();
        this.bandHigh = settings.bandHigh();
        this.irrigateBelow = settings.irrigateBelow();
        this.minutesPerPercent = settings.minutesPerPercent();
        this.maxWatering = settings.maxWatering();
        this.climate = settings.climate();
        this.offlineSweep = settings.offlineSweep();
        this.seed = settings.seed();
        this.seeds = settings.seeds();
        this.models = settings.models();
        this.trustedKeys = settings.trustedKeys();
        this.report = settings.report().orElse(null);
    }

    /** Runs the trial, printing progress and the result to {@code out}; returns the exit code (0). */
    public int run(PrintWriter out) throws Exception {
        Path registry = models;
        if (offlineSweep && !seeds.isEmpty()) {
            return seedTable(registry, out);
        }
        Trial trial = new Trial(zones, days, bandLow, bandHigh, seed, climate);

        out.printf("Fixed-timer baselines: every daily timer from 0 to 180 min over %d zones x %d days ...%n", zones, days);
        out.flush();
        List<Trial.Outcome> timers = trial.timers(180);
        Trial.Outcome bestTimer = timers.stream().max(java.util.Comparator.comparingDouble(Trial.Outcome::inBand)).orElseThrow();
        java.util.Optional<Trial.Outcome> meeting95 = Trial.shortestReaching(timers, 0.95);
        if (meeting95.isPresent()) {
            Trial.Outcome t = meeting95.get();
            out.printf("  shortest timer in band >= 95%% of the time: %d min/day -> in band %.1f%%, %.0f L per zone%n",
                    t.timerMinutes(), 100 * t.inBand(), t.litresPerZone());
        } else {
            out.printf("  no timer keeps the band 95%% of the time; the best, %d min/day, reaches %.1f%%%n",
                    bestTimer.timerMinutes(), 100 * bestTimer.inBand());
        }
        Trial.Outcome timer = meeting95.orElse(bestTimer);
        if (offlineSweep) {
            java.nio.file.Path cloudDir = dev.cascade.pipeline.ModelCatalog.scan(registry).cloud()
                    .get(dev.cascade.protocol.window.SensorKind.SOIL);
            try (dev.cascade.cloud.model.CloudModel m = dev.cascade.cloud.model.CloudModel.open(
                    dev.cascade.model.bundle.ModelBundle.load(cloudDir), dev.cascade.model.onnx.OnnxOptions.CPU)) {
                for (double below = bandLow; below <= bandLow + 3.01; below += 0.25) {
                    Trial.Outcome o = trial.modelInTheLoop(m, below, minutesPerPercent, maxWatering);
                    out.printf("  model in the loop, irrigate below %.2f%%: in band %.1f%%, %.0f L per zone (%+.1f%% vs timer)%n",
                            below, 100 * o.inBand(), o.litresPerZone(), 100 * (o.litresPerZone() / timer.litresPerZone() - 1));
                    out.flush();
                }
            }
            return 0;
        }
        out.printf("Cascade: %d zones through the whole pipeline, %s windows/s per zone (1 simulated hour each) ...%n", zones, rate);
        out.flush();
        PipelineOptions options = PipelineOptions.defaults(registry).withTopics(Topics.DEFAULT)
                .withTrustedKeys(trustedKeys)
                .withIrrigation(new PipelineOptions.Irrigation(irrigateBelow, minutesPerPercent, maxWatering));
        Trial.Outcome cascade;
        Map<String, Object> pipelineFigures = new LinkedHashMap<>();
        try (Pipeline pipeline = Pipeline.start(options, InstantSource.system())) {
            SimConfig sim = trial.config(pipeline.mqttUri(), rate, java.util.Optional.empty());
            List<SoilDevice> devices;
            try (Simulation simulation = Simulation.start(sim, InstantSource.system(), FleetObserver.NONE)) {
                devices = soilDevices(simulation);
                Instant end = trial.start().plus(Duration.ofDays(days));
                long lastPrint = 0;
                while (minZoneTime(simulation).isBefore(end)) {
                    Thread.sleep(200);
                    if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                        lastPrint = System.nanoTime();
                        out.printf("  simulated day %.1f of %d, commands acked %d%n",
                                Duration.between(trial.start(), minZoneTime(simulation)).toMinutes() / 1440.0, days,
                                pipeline.monitor().snapshot().acked());
                        out.flush();
                    }
                }
                // Commands still in flight at the end get up to 10 s to be executed and acknowledged.
                long settle = System.nanoTime() + 10_000_000_000L;
                while (pipeline.monitor().snapshot().acked()
                        < pipeline.edge().stats().localActions() + pipeline.delivery().stats().commandsSent()
                        && System.nanoTime() < settle) {
                    Thread.sleep(100);
                }
            }
            // The simulation is stopped: its devices can be read from this thread now.
            cascade = trial.outcome(devices);
            EdgeStats e = pipeline.edge().stats();
            pipelineFigures.put("windows", e.windows());
            pipelineFigures.put("edgeDecided", e.decidedLocally());
            pipelineFigures.put("escalated", e.escalatedTotal());
            pipelineFigures.put("commandsByEdge", e.localActions());
            pipelineFigures.put("commandsByCloud", pipeline.delivery().stats().commandsSent());
            pipelineFigures.put("commandsAcked", pipeline.monitor().snapshot().acked());
        }
        double saving = 1 - cascade.litresPerZone() / timer.litresPerZone();
        out.printf("  Cascade: in band %.1f%%, %.0f L per zone%n", 100 * cascade.inBand(), cascade.litresPerZone());
        java.util.Optional<Trial.Outcome> equal = Trial.shortestReaching(timers, cascade.inBand());
        out.printf("Result: Cascade kept the band %.1f%% of the time with %.0f L per zone.%n", 100 * cascade.inBand(),
                cascade.litresPerZone());
        out.printf("  vs the shortest timer meeting 95%% in band (%d min/day, %.1f%% in band): %.1f%% %s water%n",
                timer.timerMinutes(), 100 * timer.inBand(), 100 * Math.abs(saving), saving >= 0 ? "less" : "more");
        Double equalSaving = null;
        if (equal.isPresent()) {
            equalSaving = 1 - cascade.litresPerZone() / equal.get().litresPerZone();
            out.printf("  vs the shortest timer keeping the band as well as Cascade did (%d min/day, %.1f%% in band): "
                            + "%.1f%% %s water%n", equal.get().timerMinutes(), 100 * equal.get().inBand(),
                    100 * Math.abs(equalSaving), equalSaving >= 0 ? "less" : "more");
        } else {
            out.printf("  no timer keeps the band as well as Cascade did (the best: %.1f%%)%n", 100 * bestTimer.inBand());
        }

        if (report != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("days", days);
            r.put("zones", zones);
            r.put("band", List.of(bandLow, bandHigh));
            r.put("climate", climate.name().toLowerCase(java.util.Locale.ROOT));
            r.put("timer", Map.of("minutesPerDay", timer.timerMinutes(), "inBand", round(timer.inBand()),
                    "litresPerZone", Math.round(timer.litresPerZone())));
            r.put("cascade", Map.of("inBand", round(cascade.inBand()), "litresPerZone", Math.round(cascade.litresPerZone()),
                    "irrigateBelowPct", irrigateBelow, "minutesPerPercent", minutesPerPercent));
            r.put("waterSaving", round(saving));
            equal.ifPresent(e -> r.put("equalServiceTimer", Map.of("minutesPerDay", e.timerMinutes(),
                    "inBand", round(e.inBand()), "litresPerZone", Math.round(e.litresPerZone()))));
            if (equalSaving != null) {
                r.put("waterSavingAtEqualService", round(equalSaving));
            }
            r.put("pipeline", pipelineFigures);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(report.toFile(), r);
            out.println("Report written to " + report.toAbsolutePath());
        }
        out.flush();
        return 0;
    }

    /** For each weather seed: the cheapest timer meeting 95%, the model in the loop at --irrigate-below. */
    private int seedTable(Path registry, PrintWriter out) throws Exception {
        java.nio.file.Path cloudDir = dev.cascade.pipeline.ModelCatalog.scan(registry).cloud()
                .get(dev.cascade.protocol.window.SensorKind.SOIL);
        double sum = 0;
        int n = 0;
        out.printf("seed | timer (shortest >= 95%%) | model in the loop at %.2f%% | water saving%n", irrigateBelow);
        try (dev.cascade.cloud.model.CloudModel m = dev.cascade.cloud.model.CloudModel.open(
                dev.cascade.model.bundle.ModelBundle.load(cloudDir), dev.cascade.model.onnx.OnnxOptions.CPU)) {
            for (long s : seeds) {
                Trial t = new Trial(zones, days, bandLow, bandHigh, s, climate);
                List<Trial.Outcome> timers = t.timers(180);
                Trial.Outcome best = timers.stream().max(java.util.Comparator.comparingDouble(Trial.Outcome::inBand))
                        .orElseThrow();
                Trial.Outcome timer = Trial.shortestReaching(timers, 0.95).orElse(best);
                Trial.Outcome model = t.modelInTheLoop(m, irrigateBelow, minutesPerPercent, maxWatering);
                double saving = 1 - model.litresPerZone() / timer.litresPerZone();
                sum += saving;
                n++;
                out.printf("%d | %d min/day: %.1f%% in band, %.0f L%s | %.1f%% in band, %.0f L | %.1f%%%n", s,
                        timer.timerMinutes(), 100 * timer.inBand(), timer.litresPerZone(),
                        timer.inBand() < 0.95 ? " (best timer; none reaches 95%)" : "", 100 * model.inBand(),
                        model.litresPerZone(), 100 * saving);
                out.flush();
            }
        }
        out.printf("mean water saving over %d weathers: %.1f%%%n", n, 100 * sum / n);
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    private static Instant minZoneTime(Simulation s) {
        Instant min = Instant.MAX;
        for (FleetDevice d : s.fleet().devices().values()) {
            if (d.device() instanceof SoilDevice soil) {
                Instant t = soil.zone().now();
                if (t.isBefore(min)) {
                    min = t;
                }
            }
        }
        return min;
    }

    private static List<SoilDevice> soilDevices(Simulation s) {
        List<SoilDevice> out = new java.util.ArrayList<>();
        for (FleetDevice d : s.fleet().devices().values()) {
            if (d.device() instanceof SoilDevice soil) {
                out.add(soil);
            }
        }
        return out;
    }
}
