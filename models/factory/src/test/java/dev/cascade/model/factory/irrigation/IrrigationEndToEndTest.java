package dev.cascade.model.factory.irrigation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.Scorer;
import dev.cascade.model.factory.eval.WindowScorer;
import dev.cascade.model.factory.model.ModelPair;
import dev.cascade.model.factory.nn.ProgressListener;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.testing.SyntheticSoil;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train on synthetic soil series, export both bundles, run them for real, and beat persistence. */
class IrrigationEndToEndTest {
    static final IrrigationRecipeConfig CFG = IrrigationRecipeConfig.defaults().withEpochs(25);
    static ModelPair models;
    static SoilExamples test;

    @TempDir
    static Path root;

    @BeforeAll
    static void train() {
        SoilExamples[] series = new SoilExamples[6];
        for (int s = 0; s < series.length; s++) {
            series[s] = SoilExamples.cut(SyntheticSoil.series(96 * 45, s + 1), 3, CFG);
        }
        SoilExamples data = SoilExamples.concat(series);
        models = IrrigationRecipe.train(data, CFG, "synthetic soil", ProgressListener.NONE);
        test = SoilExamples.cut(SyntheticSoil.series(96 * 30, 99), 3, CFG);
    }

    @Test
    void edgeInt8Tflite_forecastsBetterThanPersistence() throws Exception {
        ModelBundle bundle = models.edge().export(root, "1");
        assertThat(bundle.manifest().task()).isEqualTo(ModelTask.FORECAST);
        try (TfliteRunner runner = TfliteRunner.open(ModelBundle.load(bundle.dir()), TfliteOptions.DEFAULT)) {
            ForecastReport r = report(WindowScorer.scores(bundle.manifest(), runner, test.histories()));
            assertThat(r.maeModel()).isLessThan(r.maePersistence());
        }
    }

    @Test
    void cloudFloatOnnx_forecastsBetterThanPersistence() throws Exception {
        ModelBundle bundle = models.cloud().export(root, "1");
        try (OnnxRunner runner = OnnxRunner.open(ModelBundle.load(bundle.dir()), OnnxOptions.CPU)) {
            ForecastReport r = report(WindowScorer.scores(bundle.manifest(), runner, test.histories()));
            assertThat(r.maeModel()).isLessThan(r.maePersistence());
            assertThat(r.decisions().accuracy()).isGreaterThan(0.9);
        }
    }

    @Test
    void scorer_saysIrrigateWhenTheForecastIsBelowTheLevel() throws Exception {
        ModelBundle bundle = models.edge().export(root, "2");
        Scorer s = Scorer.of(bundle.manifest());
        assertThat(s.isPositive(19.9f)).isTrue();
        assertThat(s.isPositive(20.1f)).isFalse();
    }

    @Test
    void manifest_recordsMaeAgainstPersistence() {
        assertThat(models.edge().metrics()).containsKeys("maeModel", "maePersistence", "skillVsPersistence");
        assertThat(models.cloud().metrics().get("skillVsPersistence")).isGreaterThan(0.0);
    }

    private static ForecastReport report(float[] forecast) {
        return ForecastReport.of(forecast, test.targets(), SoilExamples.persistence(test.histories(), 3),
                CFG.irrigateBelowPercent());
    }
}
