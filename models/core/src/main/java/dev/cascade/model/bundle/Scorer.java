package dev.cascade.model.bundle;

import dev.cascade.model.features.FeatureSpec;
import dev.cascade.checks.Checks;

/**
 * Turns (features, model output) into one score and a decision, by a manifest's {@link ScoringRule} and
 * threshold. Stateless and thread-safe.
 */
public final class Scorer {
    private final ScoringRule rule;
    private final double threshold;
    private final int featureSize;
    private final FeatureSpec features;

    /** A scorer for models fed by {@code features}. */
    public Scorer(ScoringRule rule, double threshold, FeatureSpec features) {
        this.rule = Checks.notNull(rule, "rule");
        this.threshold = Checks.finite(threshold, "threshold");
        this.features = Checks.notNull(features, "features");
        this.featureSize = features.outputSize();
        Checks.check(rule.baseFeature() < featureSize, "scoring.baseFeature", "< features " + featureSize,
                rule.baseFeature());
    }

    /** The scorer a manifest describes. */
    public static Scorer of(ModelManifest manifest) {
        return new Scorer(manifest.scoring(), manifest.threshold(), manifest.features());
    }

    /** The score of one example: reconstruction MSE, or the rescaled output value. */
    public float score(float[] features, float[] output) {
        switch (rule.kind()) {
            case RECONSTRUCTION_MSE:
                return mse(features, 0, output, 0, featureSize);
            case OUTPUT:
                return output[rule.outputIndex()] * rule.outputScale() + rule.outputOffset() + base(features, 0);
            default:
                throw new IllegalStateException("unknown scoring kind " + rule.kind());
        }
    }

    private float base(float[] feats, int offset) {
        int b = rule.baseFeature();
        return b < 0 ? 0f : features.denormalize(b, feats[offset + b]);
    }

    /** The score of example {@code i} of a row-major batch. */
    public float score(float[] features, float[] outputs, int i, int outputSize) {
        switch (rule.kind()) {
            case RECONSTRUCTION_MSE:
                return mse(features, i * featureSize, outputs, i * outputSize, featureSize);
            case OUTPUT:
                return outputs[i * outputSize + rule.outputIndex()] * rule.outputScale() + rule.outputOffset()
                        + base(features, i * featureSize);
            default:
                throw new IllegalStateException("unknown scoring kind " + rule.kind());
        }
    }

    /** Whether a score is on the positive side of the threshold (anomalous; irrigation needed). */
    public boolean isPositive(float score) {
        return rule.positiveAbove() ? score > threshold : score < threshold;
    }

    public double threshold() {
        return threshold;
    }

    public ScoringRule rule() {
        return rule;
    }

    static float mse(float[] a, int aOff, float[] b, int bOff, int n) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double d = a[aOff + i] - b[bOff + i];
            sum += d * d;
        }
        return (float) (sum / n);
    }
}
