package dev.cascade.model.factory.irrigation;

import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.ScoringRule;
import dev.cascade.model.bundle.TrainingSummary;
import dev.cascade.model.factory.model.FeatureTable;
import dev.cascade.model.factory.model.ModelPair;
import dev.cascade.model.factory.model.Target;
import dev.cascade.model.factory.model.TrainedModel;
import dev.cascade.model.factory.nn.Mlp;
import dev.cascade.model.factory.nn.MlpTrainer;
import dev.cascade.model.factory.nn.ProgressListener;
import dev.cascade.model.factory.nn.TrainingConfig;
import dev.cascade.model.factory.quant.Int8Quantizer;
import dev.cascade.model.factory.quant.QuantizedMlp;
import dev.cascade.model.features.FeatureSpec;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains the irrigation models: from a soil history (moisture, and temperature and rain where present) a dense
 * regressor forecasts the change of moisture until a horizon; the score is the forecast moisture in % (last
 * reading plus change), and irrigation is due when it is
 * below {@code irrigateBelowPercent}. Reports MAE against the persistence forecast (moisture stays as it is).
 */
public final class IrrigationRecipe {
    private IrrigationRecipe() {}

    /**
     * Trains both models; the most recent {@code holdoutFraction} of the examples is held out.
     *
     * @param source where the data came from, for the model card
     */
    public static ModelPair train(SoilExamples examples, IrrigationRecipeConfig cfg, String source,
            ProgressListener progress) {
        if (examples.size() < 20) {
            throw new IllegalArgumentException("examples must hold at least 20 histories, was " + examples.size());
        }
        int width = cfg.historySteps() * cfg.channels();
        for (int i = 0; i < examples.size(); i++) {
            if (examples.histories()[i].length != width) {
                throw new IllegalArgumentException("histories[" + i + "] must have " + width + " values ("
                        + cfg.historySteps() + " x " + cfg.channels() + "), was " + examples.histories()[i].length);
            }
        }
        int hold = Math.max(1, (int) Math.round(examples.size() * cfg.holdoutFraction()));
        int n = examples.size() - hold;
        float[][] trainH = Arrays.copyOfRange(examples.histories(), 0, n);
        float[][] holdH = Arrays.copyOfRange(examples.histories(), n, examples.size());
        float[] trainY = Arrays.copyOfRange(examples.targets(), 0, n);
        float[] holdY = Arrays.copyOfRange(examples.targets(), n, examples.size());
        FeatureSpec spec = FeatureTable.normalized(
                FeatureSpec.soilHistory(cfg.historySteps(), cfg.channels(), cfg.sampleRateHz()), trainH);
        float[][] xTrain = FeatureTable.extract(spec, trainH);
        float[][] xHold = FeatureTable.extract(spec, holdH);
        // The networks predict the change from the last moisture reading; the score adds it back.
        float[] trainChange = change(trainY, trainH, cfg.channels());
        float[] holdChange = change(holdY, holdH, cfg.channels());
        double mean = 0;
        for (float v : trainChange) {
            mean += v;
        }
        mean /= trainChange.length;
        double var = 0;
        for (float v : trainChange) {
            var += (v - mean) * (v - mean);
        }
        float yMean = (float) mean;
        float yStd = (float) Math.max(1e-3, Math.sqrt(var / trainChange.length));
        int lastMoisture = cfg.historySteps() - 1;
        ScoringRule scoring = ScoringRule.change(lastMoisture, 0, yStd, yMean, false);
        float[][] yTrain = normalize(trainChange, yMean, yStd);
        float[][] yHold = normalize(holdChange, yMean, yStd);

        TrainedModel edge = trainOne(cfg, Target.EDGE, cfg.edgeTraining(), spec, scoring, xTrain, yTrain, xHold,
                yHold, holdH, holdY, source, progress);
        TrainedModel cloud = trainOne(cfg, Target.CLOUD, cfg.cloudTraining(), spec, scoring, xTrain, yTrain, xHold,
                yHold, holdH, holdY, source, progress);
        return new ModelPair(edge, cloud);
    }

    private static TrainedModel trainOne(IrrigationRecipeConfig cfg, Target target, TrainingConfig tc,
            FeatureSpec spec, ScoringRule scoring, float[][] xTrain, float[][] yTrain, float[][] xHold,
            float[][] yHold, float[][] holdH, float[] holdY, String source, ProgressListener progress) {
        String name = cfg.name() + "-" + target.suffix();
        Mlp mlp = new MlpTrainer(name, tc, progress).train(xTrain, yTrain, xHold, yHold);
        QuantizedMlp int8 = target == Target.EDGE ? Int8Quantizer.quantize(mlp, xTrain, cfg.perChannel()) : null;
        Map<String, String> details = new TreeMap<>();
        details.put("epochs", String.valueOf(tc.epochs()));
        details.put("hidden", tc.hidden().toString());
        details.put("historySteps", String.valueOf(cfg.historySteps()));
        details.put("horizonSteps", String.valueOf(cfg.horizonSteps()));
        details.put("holdoutExamples", String.valueOf(holdY.length) + " (most recent)");
        details.put("quantization", target == Target.EDGE ? (cfg.perChannel() ? "int8 per-channel" : "int8 per-tensor")
                : "float32");
        TrainingSummary summary = new TrainingSummary(source, xTrain.length, tc.seed(), details);
        TrainedModel model = new TrainedModel(name, ModelTask.FORECAST, scoring, target, spec, mlp, int8,
                cfg.irrigateBelowPercent(), Map.of(), summary);
        ForecastReport report = ForecastReport.of(model.scoresOfFeatures(xHold), holdY,
                SoilExamples.persistence(holdH, cfg.channels()), cfg.irrigateBelowPercent());
        return model.withMetrics(report.metrics());
    }

    private static float[] change(float[] targets, float[][] histories, int channels) {
        float[] last = SoilExamples.persistence(histories, channels);
        float[] d = new float[targets.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = targets[i] - last[i];
        }
        return d;
    }

    private static float[][] normalize(float[] y, float mean, float std) {
        float[][] out = new float[y.length][1];
        for (int i = 0; i < y.length; i++) {
            out[i][0] = (y[i] - mean) / std;
        }
        return out;
    }
}
