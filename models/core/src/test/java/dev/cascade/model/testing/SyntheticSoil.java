package dev.cascade.model.testing;

import java.util.SplittableRandom;

/**
 * A small seeded soil-moisture generator for tests: 15-minute steps of (moisture %, soil temperature C,
 * rain mm) with a diurnal evapotranspiration dry-down, rain events, drainage above field capacity and a
 * farmer who irrigates when the soil gets dry. Not the farm simulator.
 */
public final class SyntheticSoil {
    /** Seconds per step. */
    public static final double STEP_SECONDS = 900;

    private SyntheticSoil() {}

    /** {@code steps} frames of 3 interleaved channels. */
    public static float[] series(int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[steps * 3];
        double theta = 26;
        double fieldCapacity = 32;
        double wilting = 12;
        double rainLeft = 0;
        double rainRate = 0;
        double irrigationLeft = 0;
        double etDaily = 4 + r.nextDouble() * 2;
        for (int t = 0; t < steps; t++) {
            double hour = (t * STEP_SECONDS / 3600.0) % 24;
            if (t % 96 == 0) {
                etDaily = Math.max(1.5, Math.min(8, etDaily + r.nextGaussian()));
            }
            double sun = Math.max(0, Math.sin(Math.PI * (hour - 6) / 12));
            double temp = 14 + 8 * sun + 0.3 * r.nextGaussian();
            if (rainLeft <= 0 && r.nextDouble() < 1.0 / (96 * 5)) {
                rainLeft = 2 + r.nextDouble() * 20;
                rainRate = 0.5 + r.nextDouble() * 2.5;
            }
            double rain = 0;
            if (rainLeft > 0) {
                rain = Math.min(rainLeft, rainRate);
                rainLeft -= rain;
            }
            if (irrigationLeft <= 0 && theta < 18 && hour > 5 && hour < 8) {
                irrigationLeft = 15;
            }
            double irrigation = 0;
            if (irrigationLeft > 0) {
                irrigation = Math.min(irrigationLeft, 4);
                irrigationLeft -= irrigation;
            }
            double stress = Math.max(0, Math.min(1, (theta - wilting) / (fieldCapacity - wilting)));
            double et = etDaily / 96 * sun * Math.PI / 2 * stress * (1 + 0.03 * (temp - 18));
            double mmToPercent = 100.0 / 300;
            theta += (rain + irrigation - et) * mmToPercent;
            if (theta > fieldCapacity) {
                theta -= 0.08 * (theta - fieldCapacity);
            }
            theta = Math.max(wilting - 3, Math.min(45, theta));
            out[3 * t] = (float) (theta + 0.15 * r.nextGaussian());
            out[3 * t + 1] = (float) temp;
            out[3 * t + 2] = (float) rain;
        }
        return out;
    }
}
