package dev.cascade.model.scoring;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.features.ParallelFeatures;
import dev.cascade.model.runtime.ModelRunner;

/**
 * One model ready to score windows, the same on the edge (TFLite) and in the cloud (ONNX Runtime): the
 * bundle's features, a {@link ModelRunner}, and the bundle's scoring rule and threshold. Every feature,
 * model output and score is checked to be finite; a window that yields a non-finite value is answered
 * with {@link Scored.NonFinite}, never an exception. Not thread-safe (buffers and the runner belong to one
 * thread); must be closed, which closes the runner.
 */
public final class ScoringModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final FeatureExtractor features;
    private final ModelRunner runner;
    private final Scorer scorer;
    private final ParallelFeatures parallel;
    private final float[] one;
    private final float[] outOne;
    private float[] featureBatch = new float[0];
    private float[] outputBatch = new float[0];

    /** A model over {@code runner}, which must have been opened from {@code bundle}; takes ownership of it. */
    public ScoringModel(ModelBundle bundle, ModelRunner runner) {
        this(bundle, runner, null);
    }

    /**
     * As {@link #ScoringModel(ModelBundle, ModelRunner)}, computing a batch's features on {@code parallel}'s threads
     * (shared, not owned: closing this model leaves it open); null computes them on the caller's thread.
     */
    public ScoringModel(ModelBundle bundle, ModelRunner runner, ParallelFeatures parallel) {
        this.parallel = parallel;
        if (bundle == null || runner == null) {
            runnerClose(runner);
            throw new IllegalArgumentException("bundle and runner must not be null, were " + bundle + ", " + runner);
        }
        try {
            this.manifest = bundle.manifest();
            this.features = FeatureExtractor.create(manifest.features());
            this.scorer = Scorer.of(manifest);
            this.runner = runner;
            this.one = new float[features.outputSize()];
            this.outOne = new float[runner.outputSize()];
        } catch (RuntimeException e) {
            runner.close();
            throw e;
        }
    }

    private static void runnerClose(ModelRunner r) {
        if (r != null) {
            r.close();
        }
    }

    /** Values (all channels together) one window must carry. */
    public int windowValues() {
        return features.inputSize();
    }

    /** Channels per frame this model takes. */
    public int channels() {
        return manifest.features().channels();
    }

    /** Whether a window of {@code values} values in {@code channels} channels has the shape this model takes. */
    public boolean fits(int values, int channels) {
        return values == features.inputSize() && channels == channels();
    }

    /**
     * Scores one window of {@link #windowValues()} finite interleaved samples; throws
     * {@link IllegalArgumentException} if it does not {@link #fits fit} (a caller's mistake).
     */
    public Scored score(float[] window, int channels) {
        requireFits(window.length, channels);
        features.extract(window, channels, one);
        String bad = firstNonFinite("features", one, 0, one.length);
        if (bad != null) {
            return new Scored.NonFinite(bad);
        }
        runner.run(one, outOne);
        return judge(scorer.score(one, outOne), outOne, 0, outOne.length, outOfRange(one, 0));
    }

    /**
     * Scores {@code n} windows stacked in {@code windows} ({@code n * windowValues()} values) in one model
     * call; windows whose features are not finite are left out of the call and answered as such.
     */
    public Scored[] score(float[] windows, int n, int channels) {
        int in = features.inputSize();
        int fs = features.outputSize();
        int os = runner.outputSize();
        requireFits(windows.length >= (long) n * in ? in : -1, channels);
        if (featureBatch.length < n * fs) {
            featureBatch = new float[n * fs];
            outputBatch = new float[n * os];
        }
        Scored[] out = new Scored[n];
        int[] rowOf = new int[n];
        int rows = 0;
        if (parallel != null && parallel.threads() > 1 && n > 1) {
            // all rows' features at once, then the non-finite ones left out, keeping the others in order
            parallel.extract(manifest.features(), windows, n, channels, featureBatch);
            for (int i = 0; i < n; i++) {
                String bad = firstNonFinite("features", featureBatch, i * fs, fs);
                if (bad != null) {
                    out[i] = new Scored.NonFinite(bad);
                    continue;
                }
                if (rows != i) {
                    System.arraycopy(featureBatch, i * fs, featureBatch, rows * fs, fs);
                }
                rowOf[rows++] = i;
            }
        } else {
            float[] window = new float[in];
            for (int i = 0; i < n; i++) {
                System.arraycopy(windows, i * in, window, 0, in);
                features.extract(window, channels, one);
                String bad = firstNonFinite("features", one, 0, fs);
                if (bad != null) {
                    out[i] = new Scored.NonFinite(bad);
                    continue;
                }
                System.arraycopy(one, 0, featureBatch, rows * fs, fs);
                rowOf[rows++] = i;
            }
        }
        if (rows > 0) {
            runner.runBatch(featureBatch, rows, outputBatch);
            for (int r = 0; r < rows; r++) {
                out[rowOf[r]] = judge(scorer.score(featureBatch, outputBatch, r, os), outputBatch, r * os, os,
                        outOfRange(featureBatch, r * fs));
            }
        }
        return out;
    }

    private String outOfRange(float[] f, int offset) {
        var c = manifest.calibration();
        return c == null || c.featureMin().isEmpty() ? null : c.outOfRange(f, offset, features.outputSize());
    }

    private static Scored judge(float score, float[] output, int offset, int size, String outOfDistribution) {
        String bad = firstNonFinite("output", output, offset, size);
        if (bad != null) {
            return new Scored.NonFinite(bad);
        }
        if (!Float.isFinite(score)) {
            return new Scored.NonFinite("score must be finite, was " + score);
        }
        return new Scored.Value(score, outOfDistribution);
    }

    private static String firstNonFinite(String name, float[] v, int offset, int size) {
        for (int i = 0; i < size; i++) {
            if (!Float.isFinite(v[offset + i])) {
                return name + "[" + i + "] must be finite, was " + v[offset + i];
            }
        }
        return null;
    }

    private void requireFits(int values, int channels) {
        if (!fits(values, channels)) {
            throw new IllegalArgumentException("window must hold " + features.inputSize() + " values in "
                    + channels() + " channel(s) for " + manifest.name() + " " + manifest.version() + ", was "
                    + values + " in " + channels);
        }
    }

    /** Runs one batch of zeros so that the first real request does not pay for lazy initialisation. */
    public void warmUp(int batch) {
        int n = Math.max(1, batch);
        runner.runBatch(new float[n * features.outputSize()], n, new float[n * runner.outputSize()]);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public Scorer scorer() {
        return scorer;
    }

    public String backend() {
        return runner.backend();
    }

    @Override
    public void close() {
        runner.close();
    }
}
