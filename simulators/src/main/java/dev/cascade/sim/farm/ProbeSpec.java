package dev.cascade.sim.farm;

import dev.cascade.checks.Checks;

/**
 * How a soil probe errs.
 *
 * @param noisePct standard deviation of moisture reading noise, % water content
 * @param driftPctPerDay calibration drift rate scale, % per day (each probe drifts at a rate drawn around it, either sign)
 * @param dropoutProbability chance that a reading is lost, [0, 1)
 * @param rainResolutionMm tipping-bucket resolution, mm (rain is reported in whole tips)
 * @param tempNoiseC standard deviation of soil temperature noise, deg C
 */
public record ProbeSpec(double noisePct, double driftPctPerDay, double dropoutProbability, double rainResolutionMm,
                        double tempNoiseC) {
    public ProbeSpec {
        Checks.inRange(noisePct, 0, 20, "noisePct");
        Checks.inRange(driftPctPerDay, 0, 5, "driftPctPerDay");
        Checks.check(dropoutProbability >= 0 && dropoutProbability < 1, "dropoutProbability", "in [0, 1)",
                dropoutProbability);
        Checks.check(rainResolutionMm > 0 && rainResolutionMm <= 10, "rainResolutionMm", "in (0, 10]", rainResolutionMm);
        Checks.inRange(tempNoiseC, 0, 10, "tempNoiseC");
    }

    /** A capacitance probe: 0.5 % noise, ~0.02 %/day drift, no dropouts, 0.2 mm bucket, 0.1 C noise. */
    public static ProbeSpec defaults() {
        return new ProbeSpec(0.5, 0.02, 0, 0.2, 0.1);
    }

    /** A perfect probe (for tests of the physics). */
    public static ProbeSpec ideal() {
        return new ProbeSpec(0, 0, 0, 0.01, 0);
    }

    public ProbeSpec withDropoutProbability(double p) {
        return new ProbeSpec(noisePct, driftPctPerDay, p, rainResolutionMm, tempNoiseC);
    }
}
