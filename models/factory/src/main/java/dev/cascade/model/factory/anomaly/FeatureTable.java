package dev.cascade.model.factory.anomaly;

import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.features.FeatureSpec;

/** Computes features of many windows and per-feature normalisation statistics. */
public final class FeatureTable {
    /** The smallest standard deviation used for normalisation. */
    public static final float MIN_STD = 1e-3f;

    private FeatureTable() {}

    /** The features of every window under {@code spec} (one extractor, the shared implementation). */
    public static float[][] extract(FeatureSpec spec, float[][] windows) {
        FeatureExtractor fx = FeatureExtractor.create(spec);
        float[][] out = new float[windows.length][fx.outputSize()];
        for (int i = 0; i < windows.length; i++) {
            try {
                fx.extract(windows[i], spec.channels(), out[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("window " + i + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** {@code spec} normalised by the mean and standard deviation of its raw features over {@code windows}. */
    public static FeatureSpec normalized(FeatureSpec spec, float[][] windows) {
        float[][] raw = extract(spec.withoutNormalization(), windows);
        int n = spec.outputSize();
        double[] sum = new double[n];
        double[] sq = new double[n];
        for (float[] r : raw) {
            for (int j = 0; j < n; j++) {
                sum[j] += r[j];
                sq[j] += (double) r[j] * r[j];
            }
        }
        float[] mean = new float[n];
        float[] std = new float[n];
        for (int j = 0; j < n; j++) {
            double m = sum[j] / raw.length;
            double var = Math.max(0, sq[j] / raw.length - m * m);
            mean[j] = (float) m;
            std[j] = Math.max(MIN_STD, (float) Math.sqrt(var));
        }
        return spec.withNormalization(mean, std);
    }
}
