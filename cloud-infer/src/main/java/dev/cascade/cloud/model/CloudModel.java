package dev.cascade.cloud.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorWindow;
import java.util.List;

/**
 * One cloud model scoring batches of windows: the shared feature code, then one ONNX Runtime call for the
 * whole batch. Not thread-safe (buffers and the session belong to one worker); must be closed.
 */
public final class CloudModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final ModelRef ref;
    private final FeatureExtractor features;
    private final ModelRunner runner;
    private final Scorer scorer;
    private final float[] window;
    private final float[] one;
    private float[] featureBatch;
    private float[] outputBatch;

    private CloudModel(ModelBundle bundle, OnnxOptions options) throws ModelBundleException {
        this.manifest = bundle.manifest();
        this.ref = new ModelRef(manifest.name(), manifest.version());
        this.features = FeatureExtractor.create(manifest.features());
        this.scorer = Scorer.of(manifest);
        this.runner = OnnxRunner.open(bundle, options);
        this.window = new float[features.inputSize()];
        this.one = new float[features.outputSize()];
        this.featureBatch = new float[0];
        this.outputBatch = new float[0];
    }

    public static CloudModel open(ModelBundle bundle, OnnxOptions options) throws ModelBundleException {
        return new CloudModel(bundle, options);
    }

    /** Whether a window has the shape this model takes. */
    public boolean fits(SensorWindow w) {
        return w.samples().size() == window.length && w.samples().channels() == manifest.features().channels();
    }

    /** Scores windows that {@link #fits fit}, in one model call; returns one score per window. */
    public float[] score(List<SensorWindow> windows) {
        int n = windows.size();
        int fs = features.outputSize();
        int os = runner.outputSize();
        if (featureBatch.length < n * fs) {
            featureBatch = new float[n * fs];
            outputBatch = new float[n * os];
        }
        for (int i = 0; i < n; i++) {
            SensorWindow w = windows.get(i);
            w.samples().copyTo(0, window, 0, window.length);
            features.extract(window, w.samples().channels(), one);
            System.arraycopy(one, 0, featureBatch, i * fs, fs);
        }
        runner.runBatch(featureBatch, n, outputBatch);
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            scores[i] = scorer.score(featureBatch, outputBatch, i, os);
        }
        return scores;
    }

    /** Runs one batch of zeros-like data so that the first real request does not pay for lazy initialisation. */
    public void warmUp(int batch) {
        int n = Math.max(1, batch);
        float[] in = new float[n * features.outputSize()];
        float[] out = new float[n * runner.outputSize()];
        runner.runBatch(in, n, out);
    }

    public ModelRef ref() {
        return ref;
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
