package dev.cascade.model.bench;

import dev.cascade.model.features.FeatureExtractor;
import dev.cascade.model.features.FeatureSpec;
import java.util.concurrent.TimeUnit;
import org.jtransforms.fft.FloatFFT_1D;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The 1024-point real FFT alone (JTransforms) and the whole feature extraction of one window. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class FeatureBenchmark {
    private static final int N = 1024;
    private FloatFFT_1D fft;
    private float[] window;
    private float[] buffer;
    private FeatureExtractor bands32;
    private FeatureExtractor bands32Stats;
    private FeatureExtractor bands64Stats;
    private float[] out;

    @Setup
    public void setUp() {
        fft = new FloatFFT_1D(N);
        window = Models.window(N, 3);
        buffer = new float[N];
        bands32 = FeatureExtractor.create(FeatureSpec.logBandEnergy(N, 8192, 32, 4096));
        bands32Stats = FeatureExtractor.create(FeatureSpec.logBandEnergyStats(N, 8192, 32, 4096));
        bands64Stats = FeatureExtractor.create(FeatureSpec.logBandEnergyStats(N, 8192, 64, 4096));
        out = new float[128];
    }

    @Benchmark
    public float[] fft1024() {
        System.arraycopy(window, 0, buffer, 0, N);
        fft.realForward(buffer);
        return buffer;
    }

    @Benchmark
    public float[] logBandEnergy32() {
        bands32.extract(window, 1, out);
        return out;
    }

    @Benchmark
    public float[] logBandEnergyStats32() {
        bands32Stats.extract(window, 1, out);
        return out;
    }

    @Benchmark
    public float[] logBandEnergyStats64() {
        bands64Stats.extract(window, 1, out);
        return out;
    }
}
