package dev.cascade.sim.dataset;

import dev.cascade.sim.farm.ProbeSpec;
import dev.cascade.sim.farm.SoilProbe;
import dev.cascade.sim.farm.SoilReading;
import dev.cascade.sim.farm.SoilType;
import dev.cascade.sim.farm.SoilZone;
import dev.cascade.sim.farm.ZoneSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Soil histories from the farm simulator for training and evaluating irrigation models: zones of one soil,
 * watered at random times, read by a probe every frame. An example is kept only if the valve stays shut over
 * its forecast horizon, so that the model forecasts "moisture if we do not irrigate now". Deterministic per
 * seed.
 */
public final class SimulatedFarmData {
    /** Where every simulated season starts. */
    public static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

    private SimulatedFarmData() {}

    /**
     * How examples are cut from a zone's series.
     *
     * @param frame time between probe readings
     * @param historySteps readings in one example's history
     * @param channels values per reading kept (moisture %, soil temperature C, rain mm: 1 to 3)
     * @param horizonSteps readings ahead the target lies
     * @param stride readings between example starts
     */
    public record Shape(Duration frame, int historySteps, int channels, int horizonSteps, int stride) {
        public Shape {
            if (frame == null || frame.isNegative() || frame.isZero()) {
                throw new IllegalArgumentException("frame must be > 0, was " + frame);
            }
            if (historySteps < 1) {
                throw new IllegalArgumentException("historySteps must be >= 1, was " + historySteps);
            }
            if (channels < 1 || channels > 3) {
                throw new IllegalArgumentException("channels must be in [1, 3], was " + channels);
            }
            if (horizonSteps < 1) {
                throw new IllegalArgumentException("horizonSteps must be >= 1, was " + horizonSteps);
            }
            if (stride < 1) {
                throw new IllegalArgumentException("stride must be >= 1, was " + stride);
            }
        }
    }

    /** Examples: {@code histories[i]} (historySteps x channels readings, row-major) and the moisture % it leads to. */
    public record Examples(float[][] histories, float[] targets) {}

    /** The irrigation level for a soil: half way from wilting point to field capacity (50 % allowed depletion). */
    public static double irrigateBelowPercent(SoilType soil) {
        return 100 * (soil.wiltingPoint() + 0.5 * (soil.fieldCapacity() - soil.wiltingPoint()));
    }

    /** Examples from {@code zones} zones of {@code days} days each. */
    public static Examples examples(SoilType soil, int zones, int days, long seed, Shape cfg) {
        SplittableRandom r = new SplittableRandom(seed);
        Duration frame = cfg.frame();
        int frames = (int) (Duration.ofDays(days).toMillis() / frame.toMillis());
        List<float[]> histories = new ArrayList<>();
        List<Float> targets = new ArrayList<>();
        for (int z = 0; z < zones; z++) {
            double fc = soil.fieldCapacity() * 100;
            double wp = soil.wiltingPoint() * 100;
            ZoneSpec spec = ZoneSpec.defaults(soil, START.plus(Duration.ofDays(r.nextInt(30))))
                    .withInitialMoisturePct(wp + 2 + r.nextDouble() * (fc - wp - 2));
            SoilZone zone = new SoilZone(spec, seed * 1_000_003L + z);
            SoilProbe probe = new SoilProbe(zone, ProbeSpec.defaults().withDropoutProbability(0), seed * 31 + z);
            float[] series = new float[frames * 3];
            boolean[] valve = new boolean[frames];
            double wateringChance = 0.3 + 0.7 * r.nextDouble();
            for (int f = 0; f < frames; f++) {
                if (!zone.valveOpen() && zone.moisturePct() < fc - 1 && r.nextDouble() < wateringChance / 96) {
                    zone.openValve(Duration.ofMinutes(30 + r.nextInt(90)));
                }
                double before = zone.irrigationMmTotal();
                zone.step(frame);
                valve[f] = zone.valveOpen() || zone.irrigationMmTotal() > before;
                Optional<SoilReading> reading = probe.read();
                SoilReading s = reading.orElseThrow();
                series[3 * f] = (float) s.moisturePct();
                series[3 * f + 1] = (float) s.soilTempC();
                series[3 * f + 2] = (float) s.rainMm();
            }
            cut(series, valve, cfg, histories, targets);
        }
        float[] y = new float[targets.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = targets.get(i);
        }
        return new Examples(histories.toArray(new float[0][]), y);
    }

    private static void cut(float[] series, boolean[] valve, Shape cfg, List<float[]> histories,
            List<Float> targets) {
        int frames = valve.length;
        int h = cfg.historySteps();
        int ch = cfg.channels();
        for (int start = 0; start + h + cfg.horizonSteps() <= frames; start += cfg.stride()) {
            int last = start + h - 1;
            boolean watered = false;
            for (int f = last + 1; f <= last + cfg.horizonSteps() && !watered; f++) {
                watered = valve[f];
            }
            if (watered) {
                continue;
            }
            float[] x = new float[h * ch];
            for (int f = 0; f < h; f++) {
                System.arraycopy(series, (start + f) * 3, x, f * ch, ch);
            }
            histories.add(x);
            targets.add(series[(last + cfg.horizonSteps()) * 3]);
        }
    }
}
