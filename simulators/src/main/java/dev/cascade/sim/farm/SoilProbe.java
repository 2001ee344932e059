package dev.cascade.sim.farm;

import dev.cascade.checks.Checks;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A probe in a {@link SoilZone}: reads water content with noise and a slow calibration drift, soil
 * temperature with noise, and rain through a tipping bucket; a reading may drop out. Not thread-safe;
 * belongs with its zone.
 */
public final class SoilProbe {
    private final SoilZone zone;
    private final ProbeSpec spec;
    private final SplittableRandom random;
    private final double driftPerDay;
    private double rainSeen;
    private double bucket;

    public SoilProbe(SoilZone zone, ProbeSpec spec, long seed) {
        this.zone = Checks.notNull(zone, "zone");
        this.spec = Checks.notNull(spec, "spec");
        this.random = new SplittableRandom(seed);
        this.driftPerDay = spec.driftPctPerDay() * random.nextGaussian();
        this.rainSeen = zone.rainMmTotal();
    }

    public SoilZone zone() {
        return zone;
    }

    /** Reads the zone now; empty if the reading dropped out (its rain is reported with the next one). */
    public Optional<SoilReading> read() {
        double rain = zone.rainMmTotal();
        bucket += rain - rainSeen;
        rainSeen = rain;
        double moistureNoise = random.nextGaussian();
        double tempNoise = random.nextGaussian();
        if (spec.dropoutProbability() > 0 && random.nextDouble() < spec.dropoutProbability()) {
            return Optional.empty();
        }
        double tips = Math.floor(bucket / spec.rainResolutionMm() + 1e-9);
        double reportedRain = tips * spec.rainResolutionMm();
        bucket -= reportedRain;
        double days = Duration.between(zone.spec().start(), zone.now()).toNanos() / 8.64e13;
        double moisture = zone.moisturePct() + driftPerDay * days + spec.noisePct() * moistureNoise;
        moisture = Math.max(0, Math.min(100, moisture));
        double temp = zone.soilTempC() + spec.tempNoiseC() * tempNoise;
        return Optional.of(new SoilReading(zone.now(), moisture, temp, reportedRain));
    }
}
