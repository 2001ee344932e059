package dev.cascade.model.factory.build;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.factory.eval.ModelEvaluator;
import dev.cascade.model.factory.irrigation.ForecastReport;
import dev.cascade.model.factory.irrigation.IrrigationRecipe;
import dev.cascade.model.factory.irrigation.IrrigationRecipeConfig;
import dev.cascade.model.factory.irrigation.SoilExamples;
import dev.cascade.model.factory.model.ModelCard;
import dev.cascade.model.factory.model.ModelPair;
import dev.cascade.model.factory.model.TrainedModel;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains the irrigation pair, measures MAE against persistence through the real runtimes on held-out
 * examples (when given), records it in the manifests and writes the bundles.
 */
public final class IrrigationModels {
    private IrrigationModels() {}

    /** Builds and writes the edge and cloud bundles; {@code eval} (or null) is measured and recorded in them. */
    public static List<ModelBundle> build(SoilExamples train, String source, SoilExamples eval,
            IrrigationRecipeConfig cfg, Path out, String version, PrintStream log) throws IOException {
        ModelPair pair = IrrigationRecipe.train(train, cfg, source, p -> log.println(p));
        SoilExamples heldOut = eval != null ? eval : train;
        dev.cascade.model.bundle.Calibration cal = dev.cascade.model.factory.eval.BandCalibrator.calibrate(pair.edge(),
                pair.cloud(), heldOut.histories(), null, train.histories());
        log.println("edge band: " + VibrationModels.describe(cal, pair.edge().threshold()));
        return List.of(write(pair.edge(), eval, out, version, log, cal), write(pair.cloud(), eval, out, version, log, null));
    }

    static ModelBundle write(TrainedModel model, SoilExamples eval, Path out, String version, PrintStream log,
            dev.cascade.model.bundle.Calibration calibration) throws IOException {
        byte[] bytes = model.modelBytes();
        ModelManifest manifest = model.manifest(version, bytes).withCalibration(calibration);
        dev.cascade.model.selftest.SelfTest selfTest = null;
        if (eval != null) {
            Path stage = Files.createTempDirectory("cascade-eval-");
            try {
                ModelBundle staged = ModelBundle.write(stage.resolve("b"), manifest, bytes);
                ForecastReport r = ModelEvaluator.forecast(staged, eval);
                log.println(text(model.name(), r));
                Map<String, Double> m = new TreeMap<>();
                r.metrics().forEach((k, v) -> m.put("eval." + k, v));
                m.put("eval.examples", (double) r.examples());
                manifest = manifest.withMetrics(m);
                if (manifest.format() == dev.cascade.model.bundle.ModelFormat.TFLITE) {
                    // Edge models ship reference windows and their scores: an agent runs them before an update goes live.
                    selfTest = SelfTests.make(staged, eval.histories(), null);
                }
            } finally {
                Trees.deleteTree(stage);
            }
        }
        ModelBundle b = ModelBundle.write(out.resolve(model.name()).resolve(version), manifest, bytes, selfTest);
        log.print(ModelCard.render(b.manifest()));
        log.println("wrote " + b.dir());
        return b;
    }

    /** One line for people: a forecast model's error beside persistence and its irrigate-or-not decisions. */
    public static String text(String name, ForecastReport r) {
        return String.format(Locale.ROOT, "%s on %d held-out forecasts: MAE %.3f %% vs persistence %.3f %% (skill %.1f %%),"
                + " irrigate precision %.3f recall %.3f", name, r.examples(), r.maeModel(), r.maePersistence(),
                100 * r.skill(), r.decisions().precision(), r.decisions().recall());
    }
}
