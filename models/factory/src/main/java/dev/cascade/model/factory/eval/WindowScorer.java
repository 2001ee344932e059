package dev.cascade.model.factory.eval;

import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.runtime.ModelRunner;

/** Scores windows through a real runtime: features (shared extractor), the runner in batches, the scorer. */
public final class WindowScorer {
    private static final int BATCH = 64;

    private WindowScorer() {}

    /** The score of every window under the manifest's features and scoring rule. */
    public static float[] scores(ModelManifest manifest, ModelRunner runner, float[][] windows) {
        FeatureExtractor fx = FeatureExtractor.create(manifest.features());
        Scorer scorer = Scorer.of(manifest);
        int in = fx.outputSize();
        int out = runner.outputSize();
        if (runner.inputSize() != in) {
            throw new IllegalArgumentException("model input must take " + in + " values (features), takes "
                    + runner.inputSize());
        }
        float[] scores = new float[windows.length];
        float[] feats = new float[BATCH * in];
        float[] outs = new float[BATCH * out];
        float[] one = new float[in];
        for (int start = 0; start < windows.length; start += BATCH) {
            int n = Math.min(BATCH, windows.length - start);
            for (int i = 0; i < n; i++) {
                try {
                    fx.extract(windows[start + i], manifest.features().channels(), one);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("window " + (start + i) + ": " + e.getMessage(), e);
                }
                System.arraycopy(one, 0, feats, i * in, in);
            }
            runner.runBatch(feats, n, outs);
            for (int i = 0; i < n; i++) {
                scores[start + i] = scorer.score(feats, outs, i, out);
            }
        }
        return scores;
    }
}
