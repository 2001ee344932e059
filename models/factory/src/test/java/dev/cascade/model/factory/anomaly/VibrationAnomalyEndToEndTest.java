package dev.cascade.model.factory.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.factory.eval.RocAuc;
import dev.cascade.model.factory.eval.WindowScorer;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.testing.SyntheticVibration;
import dev.cascade.model.testing.SyntheticVibration.Fault;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Train on synthetic normal windows, export edge .tflite and cloud .onnx bundles, load and run them for real. */
class VibrationAnomalyEndToEndTest {
    static final double RATE = 10_240;
    static final int N = 1024;

    static TrainedAnomalyModels models;
    static float[][] test;
    static boolean[] labels;

    @TempDir
    static Path root;

    @BeforeAll
    static void train() {
        SyntheticVibration gen = new SyntheticVibration(RATE, N, 1);
        float[][] normal = gen.windows(300, Fault.NONE);
        models = VibrationAnomalyRecipe.train(normal, AnomalyRecipeConfig.defaults(RATE, N).withEpochs(40),
                "synthetic test signal", dev.cascade.model.factory.nn.ProgressListener.NONE);
        SyntheticVibration testGen = new SyntheticVibration(RATE, N, 2);
        test = new float[400][];
        labels = new boolean[400];
        for (int i = 0; i < 400; i++) {
            Fault f = i < 100 ? Fault.NONE : Fault.values()[1 + (i % 3)];
            test[i] = testGen.window(f);
            labels[i] = f != Fault.NONE;
        }
    }

    @Test
    void edgeInt8Tflite_loadedFromItsBundle_separatesFaultsFromNormal() throws Exception {
        ModelBundle bundle = models.edge().export(root, "1");
        try (TfliteRunner runner = TfliteRunner.open(ModelBundle.load(bundle.dir()), TfliteOptions.DEFAULT)) {
            float[] scores = WindowScorer.scores(bundle.manifest(), runner, test);
            assertThat(RocAuc.of(scores, labels)).isGreaterThan(0.95);
        }
        assertThat(bundle.modelSize()).isLessThanOrEqualTo(64 * 1024);
    }

    @Test
    void cloudFloatOnnx_loadedFromItsBundle_separatesFaultsFromNormal() throws Exception {
        ModelBundle bundle = models.cloud().export(root, "1");
        try (OnnxRunner runner = OnnxRunner.open(ModelBundle.load(bundle.dir()), OnnxOptions.CPU)) {
            assertThat(runner.backend()).isEqualTo("onnxruntime/cpu");
            float[] scores = WindowScorer.scores(bundle.manifest(), runner, test);
            assertThat(RocAuc.of(scores, labels)).isGreaterThan(0.95);
        }
    }

    @Test
    void edgeTfliteScores_equalTheJavaInt8Reference() throws Exception {
        ModelBundle bundle = models.edge().export(root, "2");
        float[] java = models.edge().scores(test);
        try (TfliteRunner runner = TfliteRunner.open(bundle, TfliteOptions.DEFAULT)) {
            float[] tflite = WindowScorer.scores(bundle.manifest(), runner, test);
            for (int i = 0; i < test.length; i++) {
                assertThat(tflite[i]).as("window %d", i).isCloseTo(java[i], org.assertj.core.data.Offset.offset(
                        1e-4f + 1e-3f * java[i]));
            }
        }
    }

    @Test
    void cloudOnnxScores_equalTheJavaFloatModel() throws Exception {
        ModelBundle bundle = models.cloud().export(root, "2");
        float[] java = models.cloud().scores(test);
        try (OnnxRunner runner = OnnxRunner.open(bundle, OnnxOptions.CPU)) {
            float[] onnx = WindowScorer.scores(bundle.manifest(), runner, test);
            for (int i = 0; i < test.length; i++) {
                assertThat(onnx[i]).as("window %d", i).isCloseTo(java[i], org.assertj.core.data.Offset.offset(
                        1e-4f * (1 + java[i])));
            }
        }
    }

    @Test
    void threshold_letsAboutTheChosenShareOfNormalTestWindowsThrough() {
        float[] scores = models.edge().scores(java.util.Arrays.copyOf(test, 100));
        int alarms = 0;
        for (float s : scores) {
            if (s > models.edge().threshold()) {
                alarms++;
            }
        }
        assertThat(alarms).isLessThanOrEqualTo(8);
    }

    @Test
    void int8EdgeModel_agreesWithItsFloatTwinOnAuc() {
        float[] int8 = models.edge().scores(test);
        AnomalyModel floatTwin = new AnomalyModel(models.edge().name(), Target.CLOUD, models.edge().features(),
                models.edge().floatModel(), null, 0, java.util.Map.of(), models.edge().training());
        float[] fp = floatTwin.scores(test);
        assertThat(Math.abs(RocAuc.of(int8, labels) - RocAuc.of(fp, labels))).isLessThan(0.01);
    }
}
