package dev.cascade.model.testing;

import java.util.SplittableRandom;

/**
 * A small seeded vibration generator for tests: a shaft tone with harmonics and noise for a healthy machine;
 * faults add a bearing tone with sidebands, or periodic impulses. Not the factory simulator.
 */
public final class SyntheticVibration {
    /** What is wrong with the machine. */
    public enum Fault { NONE, BEARING_TONE, IMPULSES, IMBALANCE }

    private final double sampleRateHz;
    private final int windowSize;
    private final SplittableRandom random;

    public SyntheticVibration(double sampleRateHz, int windowSize, long seed) {
        this.sampleRateHz = sampleRateHz;
        this.windowSize = windowSize;
        this.random = new SplittableRandom(seed);
    }

    public float[] window(Fault fault) {
        float[] x = new float[windowSize];
        double shaft = 25 + random.nextDouble() * 10;
        double a1 = 0.5 + random.nextDouble() * 0.2;
        double phase = random.nextDouble() * 2 * Math.PI;
        double noise = 0.05 + random.nextDouble() * 0.02;
        double load = 0.9 + random.nextDouble() * 0.2;
        double bearing = shaft * 7.3;
        for (int i = 0; i < windowSize; i++) {
            double t = i / sampleRateHz;
            double v = load * (a1 * Math.sin(2 * Math.PI * shaft * t + phase)
                    + 0.3 * a1 * Math.sin(2 * Math.PI * 2 * shaft * t + 2 * phase)
                    + 0.1 * a1 * Math.sin(2 * Math.PI * 3 * shaft * t + 3 * phase));
            v += noise * random.nextGaussian();
            switch (fault) {
                case BEARING_TONE:
                    v += 0.15 * Math.sin(2 * Math.PI * bearing * t) * (1 + 0.5 * Math.sin(2 * Math.PI * shaft * t));
                    break;
                case IMBALANCE:
                    v += 0.6 * a1 * Math.sin(2 * Math.PI * shaft * t + phase);
                    v += 0.2 * Math.sin(2 * Math.PI * 4 * shaft * t);
                    break;
                default:
                    break;
            }
            x[i] = (float) v;
        }
        if (fault == Fault.IMPULSES) {
            int period = (int) (sampleRateHz / (shaft * 3.6));
            for (int start = random.nextInt(period); start < windowSize; start += period) {
                for (int k = 0; k < 40 && start + k < windowSize; k++) {
                    x[start + k] += (float) (0.8 * Math.exp(-k / 6.0) * Math.sin(2 * Math.PI * 3000 * k / sampleRateHz));
                }
            }
        }
        return x;
    }

    public float[][] windows(int n, Fault fault) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = window(fault);
        }
        return out;
    }
}
