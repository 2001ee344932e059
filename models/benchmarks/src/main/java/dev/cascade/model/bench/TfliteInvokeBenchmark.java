package dev.cascade.model.bench;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.tflite.TfliteOptions;
import dev.cascade.model.tflite.TfliteRunner;
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

/** One edge inference: quantise the features, TFLite Invoke (one thread), dequantise the output. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TfliteInvokeBenchmark {
    @Param({"vibration-anomaly-edge", "irrigation-edge"})
    public String model;

    @Param({"true", "false"})
    public boolean xnnpack;

    private TfliteRunner runner;
    private float[] features;
    private float[] output;

    @Setup
    public void setUp() throws Exception {
        ModelBundle b = Models.defaultBundle(model);
        runner = TfliteRunner.open(b, new TfliteOptions(1, xnnpack));
        FeatureExtractor fx = FeatureExtractor.create(b.manifest().features());
        features = new float[fx.outputSize()];
        float[] window = Models.window(fx.inputSize(), 1);
        if (b.manifest().features().channels() == 3) {
            for (int i = 0; i < window.length; i += 3) {
                window[i] = 25 + window[i];
                window[i + 1] = 18;
                window[i + 2] = 0;
            }
        }
        fx.extract(window, b.manifest().features().channels(), features);
        output = new float[runner.outputSize()];
    }

    @Benchmark
    public float[] invoke() {
        runner.run(features, output);
        return output;
    }

    @TearDown
    public void tearDown() {
        runner.close();
    }
}
