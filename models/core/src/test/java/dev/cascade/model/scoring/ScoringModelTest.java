package dev.cascade.model.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelFormat;
import dev.cascade.model.bundle.ModelManifest;
import dev.cascade.model.bundle.ModelTask;
import dev.cascade.model.bundle.ScoringRule;
import dev.cascade.model.bundle.TrainingSummary;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.runtime.ModelRunner;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoringModelTest {
    @TempDir
    Path tmp;

    /** A runner whose output is a fixed vector per example, recording how many examples each call had. */
    private static final class FixedRunner implements ModelRunner {
        final float[] output;
        final List<Integer> calls = new ArrayList<>();

        FixedRunner(float... output) {
            this.output = output;
        }

        @Override
        public List<TensorSpec> inputs() {
            return List.of(new TensorSpec("in", DType.FLOAT32, List.of(1, 4), Quantization.NONE));
        }

        @Override
        public List<TensorSpec> outputs() {
            return List.of(new TensorSpec("out", DType.FLOAT32, List.of(1, 4), Quantization.NONE));
        }

        @Override
        public void run(float[] input, float[] out) {
            runBatch(input, 1, out);
        }

        @Override
        public void runBatch(float[] inputs, int n, float[] outputs) {
            calls.add(n);
            for (int i = 0; i < n; i++) {
                System.arraycopy(output, 0, outputs, i * 4, 4);
            }
        }

        @Override
        public String backend() {
            return "fixed";
        }

        @Override
        public void close() {}
    }

    private ScoringModel model(FixedRunner runner) throws Exception {
        ModelManifest m = new ModelManifest(ModelManifest.SCHEMA_VERSION, "vibration-anomaly-edge", "1", ModelTask.ANOMALY,
                ModelFormat.TFLITE, "model.tflite", "0".repeat(64),
                List.of(new TensorSpec("in", DType.INT8, List.of(1, 4), Quantization.perTensor(0.05f, -3))),
                List.of(new TensorSpec("out", DType.INT8, List.of(1, 4), Quantization.perTensor(0.04f, 2))),
                FeatureSpec.identity(4, 1, 1000).withNormalization(new float[] {0, 0, 0, 0}, new float[] {1, 1, 1, 0.5f}),
                ScoringRule.reconstructionMse(), 0.25, Map.of(), new TrainingSummary("synthetic", 1, 1, Map.of()), "test", "");
        ModelBundle b = ModelBundle.write(tmp.resolve("m/1"), m, "model".getBytes(StandardCharsets.UTF_8));
        return new ScoringModel(b, runner);
    }

    @Test
    void score_ofAnOrdinaryWindow_isTheReconstructionError() throws Exception {
        try (ScoringModel m = model(new FixedRunner(0, 0, 0, 0))) {
            Scored s = m.score(new float[] {1, 1, 1, 0.5f}, 1);
            // features 1, 1, 1, 1 (0.5 / std 0.5); error against zeros = 1
            assertThat(s).isEqualTo(new Scored.Value(1f));
        }
    }

    @Test
    void score_ofLargeFiniteSamplesWhoseErrorOverflows_isNonFinite_notAnException() throws Exception {
        try (ScoringModel m = model(new FixedRunner(0, 0, 0, 0))) {
            float[] w = new float[4];
            Arrays.fill(w, 1e20f);
            assertThat(m.score(w, 1)).isEqualTo(new Scored.NonFinite("score must be finite, was Infinity"));
        }
    }

    @Test
    void score_ofSamplesWhoseFeaturesOverflow_isNonFinite_andTheModelIsNotRun() throws Exception {
        FixedRunner runner = new FixedRunner(0, 0, 0, 0);
        try (ScoringModel m = model(runner)) {
            assertThat(m.score(new float[] {0, 0, 0, 3e38f}, 1))
                    .isEqualTo(new Scored.NonFinite("features[3] must be finite, was Infinity"));
            assertThat(runner.calls).isEmpty();
        }
    }

    @Test
    void score_whenTheModelOutputsNaN_isNonFinite() throws Exception {
        try (ScoringModel m = model(new FixedRunner(0, Float.NaN, 0, 0))) {
            assertThat(m.score(new float[] {1, 1, 1, 1}, 1)).isEqualTo(new Scored.NonFinite("output[1] must be finite, was NaN"));
        }
    }

    @Test
    void scoreBatch_leavesWindowsWithNonFiniteFeaturesOutOfTheModelCall_andScoresTheRest() throws Exception {
        FixedRunner runner = new FixedRunner(0, 0, 0, 0);
        try (ScoringModel m = model(runner)) {
            float[] windows = {1, 1, 1, 0.5f, 0, 0, 0, 3e38f, 2, 2, 2, 1};
            Scored[] s = m.score(windows, 3, 1);
            assertThat(s).containsExactly(new Scored.Value(1f),
                    new Scored.NonFinite("features[3] must be finite, was Infinity"), new Scored.Value(4f));
            assertThat(runner.calls).containsExactly(2);
        }
    }

    @Test
    void score_ofAWindowOfTheWrongSize_throwsNamingTheShape() throws Exception {
        try (ScoringModel m = model(new FixedRunner(0, 0, 0, 0))) {
            assertThatThrownBy(() -> m.score(new float[3], 1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("window must hold 4 values in 1 channel(s) for vibration-anomaly-edge 1, was 3 in 1");
        }
    }
}
