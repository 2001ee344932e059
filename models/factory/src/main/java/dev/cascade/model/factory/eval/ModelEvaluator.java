package dev.cascade.model.factory.eval;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.factory.irrigation.ForecastReport;
import dev.cascade.model.factory.irrigation.SoilExamples;
import dev.cascade.model.factory.registry.Runners;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.runtime.ModelRunner;
import java.util.Arrays;

/** Evaluates a bundle through its real runtime: what {@code cascade model eval} reports. */
public final class ModelEvaluator {
    private ModelEvaluator() {}

    /** Scores of windows under a bundle, run in its runtime. */
    public static float[] scores(ModelBundle bundle, float[][] windows) throws ModelBundleException {
        try (ModelRunner r = Runners.open(bundle)) {
            return WindowScorer.scores(bundle.manifest(), r, windows);
        }
    }

    /** AUC, decisions at the threshold, size and invoke time of an anomaly bundle on labelled windows. */
    public static AnomalyEvaluation anomaly(ModelBundle bundle, float[][] windows, boolean[] anomalous)
            throws ModelBundleException {
        if (bundle.manifest().task() != ModelTask.ANOMALY) {
            throw new IllegalArgumentException("model must be an anomaly model, was "
                    + bundle.manifest().task().wireName());
        }
        try (ModelRunner r = Runners.open(bundle)) {
            float[] scores = WindowScorer.scores(bundle.manifest(), r, windows);
            int positives = 0;
            for (boolean b : anomalous) {
                positives += b ? 1 : 0;
            }
            return new AnomalyEvaluation(bundle.manifest().ref(), r.backend(), windows.length, positives,
                    RocAuc.of(scores, anomalous), bundle.manifest().threshold(),
                    ConfusionMatrix.at(scores, anomalous, bundle.manifest().threshold(), true), bundle.modelSize(),
                    invokeMicros(bundle, r, windows[0]));
        }
    }

    /** MAE against persistence and irrigate-or-not decisions of a forecast bundle. */
    public static ForecastReport forecast(ModelBundle bundle, SoilExamples examples) throws ModelBundleException {
        if (bundle.manifest().task() != ModelTask.FORECAST) {
            throw new IllegalArgumentException("model must be a forecast model, was "
                    + bundle.manifest().task().wireName());
        }
        float[] forecast = scores(bundle, examples.histories());
        return ForecastReport.of(forecast, examples.targets(),
                SoilExamples.persistence(examples.histories(), bundle.manifest().features().channels()),
                bundle.manifest().threshold());
    }

    /** Median wall time of one run on one window's features, after a warm-up. */
    static double invokeMicros(ModelBundle bundle, ModelRunner r, float[] window) {
        FeatureExtractor fx = FeatureExtractor.create(bundle.manifest().features());
        float[] f = new float[fx.outputSize()];
        fx.extract(window, bundle.manifest().features().channels(), f);
        float[] out = new float[r.outputSize()];
        for (int i = 0; i < 2000; i++) {
            r.run(f, out);
        }
        int rounds = 21;
        int per = 500;
        double[] t = new double[rounds];
        for (int k = 0; k < rounds; k++) {
            long start = System.nanoTime();
            for (int i = 0; i < per; i++) {
                r.run(f, out);
            }
            t[k] = (System.nanoTime() - start) / 1e3 / per;
        }
        Arrays.sort(t);
        return t[rounds / 2];
    }
}
