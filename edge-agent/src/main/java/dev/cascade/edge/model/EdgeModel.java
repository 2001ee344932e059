package dev.cascade.edge.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorWindow;

/**
 * One edge model ready to score windows: features, TFLite interpreter and scorer from one bundle.
 * Not thread-safe (the interpreter belongs to one thread); must be closed.
 */
public final class EdgeModel implements AutoCloseable {
    private final ModelManifest manifest;
    private final ModelRef ref;
    private final FeatureExtractor features;
    private final ModelRunner runner;
    private final Scorer scorer;
    private final float[] input;
    private final float[] featureBuf;
    private final float[] output;

    private EdgeModel(ModelBundle bundle) throws ModelBundleException {
        this.manifest = bundle.manifest();
        this.ref = new ModelRef(manifest.name(), manifest.version());
        this.features = FeatureExtractor.create(manifest.features());
        this.scorer = Scorer.of(manifest);
        this.runner = TfliteRunner.open(bundle, TfliteOptions.DEFAULT);
        this.input = new float[features.inputSize()];
        this.featureBuf = new float[features.outputSize()];
        this.output = new float[runner.outputSize()];
    }

    /** Opens the TFLite model of a verified bundle. */
    public static EdgeModel open(ModelBundle bundle) throws ModelBundleException {
        return new EdgeModel(bundle);
    }

    /** Samples (all channels) one window must carry for this model. */
    public int windowValues() {
        return features.inputSize();
    }

    /**
     * Scores one window; throws {@link IllegalArgumentException} naming the problem if the window does not
     * fit the model (size, channels).
     */
    public float score(SensorWindow window) {
        int n = window.samples().size();
        if (n != input.length) {
            throw new IllegalArgumentException("window of " + window.deviceId() + " must hold " + input.length
                    + " values for " + ref + ", was " + n);
        }
        window.samples().copyTo(0, input, 0, n);
        features.extract(input, window.samples().channels(), featureBuf);
        runner.run(featureBuf, output);
        return scorer.score(featureBuf, output);
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
