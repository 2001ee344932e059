package dev.cascade.cloud.model;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.features.ParallelFeatures;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorWindow;
import java.util.List;

/**
 * A {@link ScoringModel} over ONNX Runtime, taking protocol windows (the scoring, including the non-finite
 * guard, lives in {@link ScoringModel}, shared with the edge). Not thread-safe; must be closed.
 */
public final class CloudModel implements AutoCloseable {
    private final ScoringModel model;
    private final ModelRef ref;
    private float[] windows = new float[0];

    private CloudModel(ScoringModel model) {
        this.model = model;
        this.ref = new ModelRef(model.manifest().name(), model.manifest().version());
    }

    /** Opens the ONNX model of a verified bundle. */
    public static CloudModel open(ModelBundle bundle, OnnxOptions options) throws ModelBundleException {
        return open(bundle, options, null);
    }

    /**
     * As {@link #open(ModelBundle, OnnxOptions)}, computing each batch's features on {@code features}' threads (not
     * owned by the model); null: on the caller's thread.
     */
    public static CloudModel open(ModelBundle bundle, OnnxOptions options, ParallelFeatures features)
            throws ModelBundleException {
        return new CloudModel(new ScoringModel(bundle, OnnxRunner.open(bundle, options), features));
    }

    /** Whether a window has the shape this model takes. */
    public boolean fits(SensorWindow w) {
        return model.fits(w.samples().size(), w.samples().channels());
    }

    /** Scores windows that {@link #fits fit}, in one model call; one outcome per window, never an exception for data. */
    public Scored[] scoreAll(List<SensorWindow> batch) {
        int n = batch.size();
        int in = model.windowValues();
        if (windows.length < n * in) {
            windows = new float[n * in];
        }
        for (int i = 0; i < n; i++) {
            batch.get(i).samples().copyTo(0, windows, i * in, in);
        }
        return model.score(windows, n, model.channels());
    }

    /** As {@link #scoreAll}, with NaN for a window whose features, output or score is not finite. */
    public float[] score(List<SensorWindow> batch) {
        Scored[] all = scoreAll(batch);
        float[] out = new float[all.length];
        for (int i = 0; i < all.length; i++) {
            out[i] = all[i] instanceof Scored.Value v ? v.score() : Float.NaN;
        }
        return out;
    }

    /** Runs one batch of zeros so that the first real request does not pay for lazy initialisation. */
    public void warmUp(int batch) {
        model.warmUp(batch);
    }

    public ModelRef ref() {
        return ref;
    }

    public ModelManifest manifest() {
        return model.manifest();
    }

    public Scorer scorer() {
        return model.scorer();
    }

    public String backend() {
        return model.backend();
    }

    @Override
    public void close() {
        model.close();
    }
}
