package dev.cascade.model.bench;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One ONNX Runtime call (CPU, one intra-op thread) on a batch of windows: the cloud model on features, or the
 * FFT-in-graph model on raw windows. Divide by {@code batch} for the cost per window.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OnnxBatchBenchmark {
    @Param({"vibration-anomaly-cloud", "vibration-anomaly-cloud-fft"})
    public String model;

    @Param({"1", "32", "256"})
    public int batch;

    private OnnxRunner runner;
    private float[] inputs;
    private float[] outputs;

    @Setup
    public void setUp() throws Exception {
        ModelBundle b = Models.defaultBundle(model);
        runner = OnnxRunner.open(b, OnnxOptions.CPU);
        FeatureExtractor fx = FeatureExtractor.create(b.manifest().features());
        int in = fx.outputSize();
        inputs = new float[batch * in];
        float[] one = new float[in];
        for (int i = 0; i < batch; i++) {
            fx.extract(Models.window(fx.inputSize(), i), 1, one);
            System.arraycopy(one, 0, inputs, i * in, in);
        }
        outputs = new float[batch * runner.outputSize()];
    }

    @Benchmark
    public float[] runBatch() {
        runner.runBatch(inputs, batch, outputs);
        return outputs;
    }

    @TearDown
    public void tearDown() {
        runner.close();
    }
}
