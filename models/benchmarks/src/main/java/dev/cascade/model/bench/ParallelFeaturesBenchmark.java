package dev.cascade.model.bench;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.bundle.ModelBundleException;
import dev.cascade.model.onnx.OnnxOptions;
import dev.cascade.model.onnx.OnnxRunner;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.features.ParallelFeatures;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The FFT features of one cloud batch ({@code vibration-anomaly-cloud}: 1,024-sample windows, 128 log bands and 3
 * statistics) on 1 or 2 threads, the caller included, as the cloud workers compute them before the model call; and
 * the whole batch scored (those features, then one ONNX Runtime call on the CPU with one intra-op thread).
 * Windows per second = batch / time per batch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ParallelFeaturesBenchmark {
    @Param({"64", "256"})
    public int batch;

    @Param({"1", "2"})
    public int threads;

    private FeatureSpec spec;
    private ParallelFeatures features;
    private ScoringModel model;
    private float[] windows;
    private float[] out;

    @Setup(Level.Trial)
    public void setUp() {
        ModelBundle b = Models.defaultBundle("vibration-anomaly-cloud");
        spec = b.manifest().features();
        features = new ParallelFeatures(threads, "bench-features");
        int in = spec.inputSize();
        windows = new float[batch * in];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(Models.window(in, i), 0, windows, i * in, in);
        }
        out = new float[batch * spec.outputSize()];
        try {
            model = new ScoringModel(b, OnnxRunner.open(b, OnnxOptions.CPU), features);
        } catch (ModelBundleException e) {
            throw new IllegalStateException(e);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.close();
        features.close();
    }

    @Benchmark
    public float[] batchFeatures() {
        features.extract(spec, windows, batch, 1, out);
        return out;
    }

    @Benchmark
    public Scored[] batchScored() {
        return model.score(windows, batch, 1);
    }
}
