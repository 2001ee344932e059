package dev.cascade.model.factory.anomaly;

import dev.cascade.model.bundle.TrainingSummary;
import dev.cascade.model.factory.nn.Mlp;
import dev.cascade.model.factory.nn.MlpTrainer;
import dev.cascade.model.factory.nn.ProgressListener;
import dev.cascade.model.factory.quant.Int8Quantizer;
import dev.cascade.model.factory.quant.QuantizedMlp;
import dev.cascade.model.features.FeatureSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Trains the vibration anomaly models on normal windows only: log band energies, a dense autoencoder per
 * target (edge: small, then int8; cloud: larger, float), anomaly score = reconstruction MSE, threshold =
 * the {@code 1 - falseAlarmRate} quantile of held-out normal scores.
 */
public final class VibrationAnomalyRecipe {
    private VibrationAnomalyRecipe() {}

    /**
     * Trains both models.
     *
     * @param normalWindows windows of a healthy machine, each {@code windowSize} samples
     * @param source where they came from, for the model card
     */
    public static TrainedAnomalyModels train(float[][] normalWindows, AnomalyRecipeConfig cfg, String source,
            ProgressListener progress) {
        if (normalWindows.length < 20) {
            throw new IllegalArgumentException("normalWindows must hold at least 20 windows, was "
                    + normalWindows.length);
        }
        for (int i = 0; i < normalWindows.length; i++) {
            if (normalWindows[i] == null || normalWindows[i].length != cfg.windowSize()) {
                throw new IllegalArgumentException("normalWindows[" + i + "] must have " + cfg.windowSize()
                        + " samples, was " + (normalWindows[i] == null ? "null" : normalWindows[i].length));
            }
        }
        float[][][] split = split(normalWindows, cfg.holdoutFraction(), cfg.edgeTraining().seed());
        float[][] train = split[0];
        float[][] holdout = split[1];
        AnomalyModel edge = trainOne(cfg, Target.EDGE, cfg.edgeBands(), train, holdout, source, progress);
        AnomalyModel cloud = trainOne(cfg, Target.CLOUD, cfg.cloudBands(), train, holdout, source, progress);
        return new TrainedAnomalyModels(edge, cloud);
    }

    private static AnomalyModel trainOne(AnomalyRecipeConfig cfg, Target target, int bands, float[][] train,
            float[][] holdout, String source, ProgressListener progress) {
        String name = cfg.name() + "-" + target.suffix();
        var tc = target == Target.EDGE ? cfg.edgeTraining() : cfg.cloudTraining();
        FeatureSpec raw = FeatureSpec.logBandEnergy(cfg.windowSize(), cfg.sampleRateHz(), bands, cfg.maxHz());
        FeatureSpec spec = FeatureTable.normalized(raw, train);
        float[][] xTrain = FeatureTable.extract(spec, train);
        float[][] xHold = FeatureTable.extract(spec, holdout);
        Mlp mlp = new MlpTrainer(name, tc, progress).trainAutoencoder(xTrain, xHold);
        QuantizedMlp int8 = target == Target.EDGE ? Int8Quantizer.quantize(mlp, xTrain, cfg.perChannel()) : null;

        Map<String, Double> metrics = new TreeMap<>();
        metrics.put("trainLoss", MlpTrainer.meanLoss(mlp, xTrain, xTrain));
        metrics.put("holdoutLoss", MlpTrainer.meanLoss(mlp, xHold, xHold));
        Map<String, String> details = new TreeMap<>();
        details.put("epochs", String.valueOf(tc.epochs()));
        details.put("hidden", tc.hidden().toString());
        details.put("learningRate", String.valueOf(tc.learningRate()));
        details.put("batchSize", String.valueOf(tc.batchSize()));
        details.put("holdoutWindows", String.valueOf(holdout.length));
        details.put("quantization", target == Target.EDGE ? (cfg.perChannel() ? "int8 per-channel" : "int8 per-tensor")
                : "float32");
        details.put("labels", "normal windows only (unsupervised)");
        TrainingSummary summary = new TrainingSummary(source, train.length, tc.seed(), details);
        AnomalyModel model = new AnomalyModel(name, target, spec, mlp, int8, 0, metrics, summary);
        float[] holdScores = model.scoresOfFeatures(xHold);
        double threshold = quantile(holdScores, 1 - cfg.falseAlarmRate());
        Map<String, Double> more = new TreeMap<>();
        more.put("targetFalseAlarmRate", cfg.falseAlarmRate());
        more.put("holdoutScoreMedian", quantile(holdScores, 0.5));
        return model.withThreshold(threshold).withMetrics(more);
    }

    /** The value below which a fraction {@code q} of the scores lie (the k-th smallest, k = ceil(q n)). */
    public static double quantile(float[] scores, double q) {
        float[] s = scores.clone();
        Arrays.sort(s);
        int k = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, k))];
    }

    /** A seeded shuffle split into {train, holdout}. */
    static float[][][] split(float[][] windows, double holdoutFraction, long seed) {
        int[] idx = new int[windows.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = idx.length - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        int hold = Math.max(1, (int) Math.round(windows.length * holdoutFraction));
        float[][] train = new float[windows.length - hold][];
        float[][] holdout = new float[hold][];
        for (int i = 0; i < idx.length; i++) {
            if (i < train.length) {
                train[i] = windows[idx[i]];
            } else {
                holdout[i - train.length] = windows[idx[i]];
            }
        }
        return new float[][][] {train, holdout};
    }
}
