package dev.cascade.model.bench;

import dev.cascade.model.bundle.ModelBundle;
import dev.cascade.model.scoring.Scored;
import dev.cascade.model.scoring.ScoringModel;
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

/**
 * Window to decision at the edge, as the agent's worker does it: features of a raw 1,024-sample window, quantise,
 * int8 TFLite invoke (one thread), dequantise, score against the manifest's rule ({@code ScoringModel.score}).
 * Sample mode, so the median is reported beside the mean.
 */
@State(Scope.Thread)
@BenchmarkMode({Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WindowDecisionBenchmark {
    @Param({"vibration-anomaly-edge"})
    public String model;

    private ScoringModel scoring;
    private float[] window;
    private int channels;

    @Setup
    public void setUp() throws Exception {
        ModelBundle b = Models.defaultBundle(model);
        scoring = new ScoringModel(b, TfliteRunner.open(b, TfliteOptions.DEFAULT));
        channels = scoring.channels();
        window = Models.window(scoring.windowValues(), 5);
    }

    @Benchmark
    public Scored windowToDecision() {
        return scoring.score(window, channels);
    }

    @TearDown
    public void tearDown() {
        scoring.close();
    }
}
