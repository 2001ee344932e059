package dev.cascade.model.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.runtime.ModelLoadException;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.testing.Fixtures;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** Runs the third-party MLPerf Tiny models in {@code models/testdata/mlperf-tiny}. */
class TfliteRunnerTest {

    @Test
    void ad01Int8_readsShapesAndQuantizationFromTheFile() {
        try (TfliteRunner r = TfliteRunner.open(Fixtures.read("ad01_int8.tflite"), 1)) {
            assertThat(r.inputs()).hasSize(1);
            assertThat(r.inputs().get(0).dtype()).isEqualTo(DType.INT8);
            assertThat(r.inputs().get(0).shape()).containsExactly(1, 640);
            assertThat(r.inputs().get(0).quantization()).isEqualTo(Quantization.perTensor(0.39101523f, 89));
            assertThat(r.outputs().get(0).quantization()).isEqualTo(Quantization.perTensor(0.36449847f, 96));
            assertThat(r.backend()).isEqualTo("tflite/xnnpack");
        }
    }

    @Test
    void ad01Int8_scoresTheRecordingLikeItsFloatTwin() {
        float[][] windows = Fixtures.adRecordingWindows();
        double[] int8 = scores("ad01_int8.tflite", windows);
        double[] fp32 = scores("ad01_fp32.tflite", windows);
        double meanInt8 = Arrays.stream(int8).average().orElseThrow();
        double meanFp32 = Arrays.stream(fp32).average().orElseThrow();
        // MLPerf Tiny's anomaly score of a clip is the mean reconstruction MSE over its 196 windows.
        assertThat(meanFp32).isBetween(8.0, 12.0);
        assertThat(Math.abs(meanInt8 - meanFp32) / meanFp32).isLessThan(0.10);
        assertThat(pearson(int8, fp32)).isGreaterThan(0.9);
    }

    @Test
    void ad01_wrongOrderOfTheRecording_reconstructsFarWorse() {
        float[][] windows = Fixtures.adRecordingWindows();
        float[][] shuffled = new float[windows.length][];
        for (int w = 0; w < windows.length; w++) {
            shuffled[w] = new float[640];
            for (int i = 0; i < 640; i++) {
                shuffled[w][i] = windows[w][(i * 7) % 640];
            }
        }
        double right = Arrays.stream(scores("ad01_fp32.tflite", windows)).average().orElseThrow();
        double wrong = Arrays.stream(scores("ad01_fp32.tflite", shuffled)).average().orElseThrow();
        assertThat(wrong).isGreaterThan(3 * right);
    }

    @Test
    void runBatch_givesTheSameAsOneByOne() {
        float[][] windows = Fixtures.adRecordingWindows();
        try (TfliteRunner r = TfliteRunner.open(Fixtures.read("ad01_int8.tflite"), 1)) {
            float[] stacked = new float[3 * 640];
            for (int i = 0; i < 3; i++) {
                System.arraycopy(windows[i], 0, stacked, i * 640, 640);
            }
            float[] batch = new float[3 * 640];
            r.runBatch(stacked, 3, batch);
            float[] one = new float[640];
            r.run(windows[2], one);
            assertThat(Arrays.copyOfRange(batch, 1280, 1920)).containsExactly(one);
        }
    }

    @Test
    void kwsInt8_fourDimensionalInput_givesSoftmaxThatSumsToOne() {
        try (TfliteRunner r = TfliteRunner.open(Fixtures.read("kws_ref_model.tflite"), new TfliteOptions(1, false))) {
            assertThat(r.inputs().get(0).shape()).containsExactly(1, 49, 10, 1);
            assertThat(r.inputSize()).isEqualTo(490);
            assertThat(r.outputSize()).isEqualTo(12);
            assertThat(r.backend()).isEqualTo("tflite/builtin");
            float[] out = new float[12];
            r.run(new float[490], out);
            float sum = 0;
            for (float v : out) {
                sum += v;
            }
            assertThat(sum).isBetween(0.95f, 1.05f);
        }
    }

    @Test
    void run_inputShorterThanTheModel_isRejected() {
        try (TfliteRunner r = TfliteRunner.open(Fixtures.read("ad01_int8.tflite"), 1)) {
            assertThatThrownBy(() -> r.run(new float[639], new float[640]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("input must have length >= 640 (1 x 640), was 639");
        }
    }

    @Test
    void open_randomBytes_isRejectedAsNotTflite() {
        assertThatThrownBy(() -> TfliteRunner.open("hello, this is not a model".getBytes(), 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("not a TFLite model: the file identifier TFL3 is missing");
    }

    @Test
    void open_truncatedFile_isRejected() {
        byte[] full = Fixtures.read("ad01_int8.tflite");
        assertThatThrownBy(() -> TfliteRunner.open(Arrays.copyOf(full, full.length / 2), 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("not a valid TFLite flatbuffer");
    }

    @Test
    void run_afterClose_isRejected() {
        TfliteRunner r = TfliteRunner.open(Fixtures.read("ad01_int8.tflite"), 1);
        r.close();
        r.close();
        assertThatThrownBy(() -> r.run(new float[640], new float[640])).hasMessage("runner is closed");
    }

    private static double[] scores(String model, float[][] windows) {
        try (TfliteRunner r = TfliteRunner.open(Fixtures.read(model), 1)) {
            double[] s = new double[windows.length];
            float[] out = new float[640];
            for (int w = 0; w < windows.length; w++) {
                r.run(windows[w], out);
                double e = 0;
                for (int i = 0; i < 640; i++) {
                    double d = out[i] - windows[w][i];
                    e += d * d;
                }
                s[w] = e / 640;
            }
            return s;
        }
    }

    static double pearson(double[] a, double[] b) {
        double ma = Arrays.stream(a).average().orElseThrow();
        double mb = Arrays.stream(b).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

}
