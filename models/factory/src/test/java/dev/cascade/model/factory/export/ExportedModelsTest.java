package dev.cascade.model.factory.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cascade.model.factory.nn.Mlp;
import dev.cascade.model.factory.nn.MlpTrainer;
import dev.cascade.model.factory.nn.ProgressListener;
import dev.cascade.model.factory.nn.TrainingConfig;
import dev.cascade.model.factory.quant.Int8Quantizer;
import dev.cascade.model.factory.quant.QuantizedMlp;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.runtime.ModelLoadException;
import dev.cascade.model.tensor.DType;
import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.ModelT;

/** The exported files run in the real runtimes exactly as the Java reference computes them. */
class ExportedModelsTest {
    static float[][] data;
    static Mlp mlp;

    @BeforeAll
    static void trainSmallAutoencoder() {
        SplittableRandom r = new SplittableRandom(5);
        data = new float[400][24];
        for (float[] row : data) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) (a * Math.sin(j * 0.4) + b * Math.cos(j * 0.2) + 0.1 * r.nextGaussian());
            }
        }
        mlp = new MlpTrainer("t", new TrainingConfig(List.of(12, 6, 12), 20, 32, 3e-3, 0, 9), ProgressListener.NONE)
                .trainAutoencoder(data, new float[0][]);
    }

    @Test
    void int8Tflite_underXnnpack_matchesTheJavaInt8ReferenceBitForBit() {
        assertIdenticalToReference(false, TfliteOptions.DEFAULT, 0);
    }

    @Test
    void int8TflitePerChannel_underXnnpack_matchesTheJavaInt8ReferenceBitForBit() {
        assertIdenticalToReference(true, TfliteOptions.DEFAULT, 0);
    }

    @Test
    void int8Tflite_withBuiltinKernels_isWithinTwoStepsOfTheReferenceAfterFourLayers() {
        assertIdenticalToReference(false, new TfliteOptions(1, false), 2);
    }

    private static void assertIdenticalToReference(boolean perChannel, TfliteOptions options, int maxSteps) {
        QuantizedMlp q = Int8Quantizer.quantize(mlp, data, perChannel);
        byte[] file = TfliteExporter.write(q);
        try (TfliteRunner runner = TfliteRunner.open(file, options)) {
            assertThat(runner.inputs().get(0).dtype()).isEqualTo(DType.INT8);
            assertThat(runner.inputs().get(0).quantization())
                    .isEqualTo(Quantization.perTensor(q.inputScale(), q.inputZeroPoint()));
            float[] ref = new float[24];
            float[] got = new float[24];
            int worst = 0;
            for (float[] x : data) {
                q.run(x, ref);
                runner.run(x, got);
                for (int j = 0; j < 24; j++) {
                    worst = Math.max(worst, Math.round(Math.abs(ref[j] - got[j]) / q.outputScale()));
                }
            }
            assertThat(worst).isLessThanOrEqualTo(maxSteps);
        }
    }

    @Test
    void floatTflite_matchesTheJavaFloatModel() {
        try (TfliteRunner runner = TfliteRunner.open(TfliteExporter.write(mlp), 1)) {
            float[] ref = new float[24];
            float[] got = new float[24];
            for (float[] x : data) {
                mlp.forward(x, ref);
                runner.run(x, got);
                for (int j = 0; j < 24; j++) {
                    assertThat(got[j]).isCloseTo(ref[j], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void onnx_runsAWholeBatchThroughTheDynamicDimension() {
        try (OnnxRunner runner = OnnxRunner.open(OnnxExporter.write(mlp, "t"), OnnxOptions.CPU)) {
            assertThat(runner.inputs().get(0).shape()).containsExactly(-1, 24);
            int n = 37;
            float[] in = new float[n * 24];
            for (int i = 0; i < n; i++) {
                System.arraycopy(data[i], 0, in, i * 24, 24);
            }
            float[] out = new float[n * 24];
            runner.runBatch(in, n, out);
            float[] ref = new float[24];
            for (int i = 0; i < n; i++) {
                mlp.forward(data[i], ref);
                for (int j = 0; j < 24; j++) {
                    assertThat(out[i * 24 + j]).isCloseTo(ref[j], org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        }
    }

    @Test
    void sameNetwork_givesTheSameBytes() {
        QuantizedMlp q = Int8Quantizer.quantize(mlp, data, false);
        assertThat(TfliteExporter.write(q)).isEqualTo(TfliteExporter.write(q));
        assertThat(OnnxExporter.write(mlp, "t")).isEqualTo(OnnxExporter.write(mlp, "t"));
    }

    @Test
    void retraining_withTheSameSeed_givesTheSameBytes() {
        TrainingConfig cfg = new TrainingConfig(List.of(12, 6, 12), 3, 32, 3e-3, 0, 11);
        Mlp a = new MlpTrainer("a", cfg, ProgressListener.NONE).trainAutoencoder(data, data);
        Mlp b = new MlpTrainer("b", cfg, ProgressListener.NONE).trainAutoencoder(data, data);
        assertThat(TfliteExporter.write(Int8Quantizer.quantize(a, data, false)))
                .isEqualTo(TfliteExporter.write(Int8Quantizer.quantize(b, data, false)));
        assertThat(OnnxExporter.write(a, "x")).isEqualTo(OnnxExporter.write(b, "x"));
    }

    @Test
    void tfliteWithAnUnknownCustomOperator_isRejectedNamingIt() {
        ModelT model = ModelT.deserializeFromBinary(TfliteExporter.write(mlp));
        model.getOperatorCodes()[0].setBuiltinCode(BuiltinOperator.CUSTOM);
        model.getOperatorCodes()[0].setDeprecatedBuiltinCode((byte) BuiltinOperator.CUSTOM);
        model.getOperatorCodes()[0].setCustomCode("CascadeNoSuchOp");
        byte[] bytes = model.serializeToBinary();
        assertThatThrownBy(() -> TfliteRunner.open(bytes, 1))
                .isInstanceOf(ModelLoadException.class)
                .hasMessage("unsupported operator CUSTOM \"CascadeNoSuchOp\" v1: this TFLite runtime (2.20 builtin"
                        + " ops) cannot run it");
    }

    @Test
    void onnxGarbage_isRejectedWithTheRuntimeReason() {
        assertThatThrownBy(() -> OnnxRunner.open(new byte[] {1, 2, 3, 4}, OnnxOptions.CPU))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("ONNX Runtime cannot load the model: ");
    }
}
