package dev.cascade.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ParallelFeaturesTest {
    private static final FeatureSpec SPEC = FeatureSpec.logBandEnergyStats(1024, 8192, 32, 4096);

    private static float[] windows(int n, long seed) {
        Random r = new Random(seed);
        float[] w = new float[n * SPEC.inputSize()];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (Math.sin(i * 0.37) + r.nextGaussian() * 0.5);
        }
        return w;
    }

    private static float[] serial(float[] windows, int n) {
        FeatureExtractor fx = FeatureExtractor.create(SPEC);
        int in = SPEC.inputSize();
        int fs = SPEC.outputSize();
        float[] out = new float[n * fs];
        float[] one = new float[fs];
        float[] w = new float[in];
        for (int i = 0; i < n; i++) {
            System.arraycopy(windows, i * in, w, 0, in);
            fx.extract(w, 1, one);
            System.arraycopy(one, 0, out, i * fs, fs);
        }
        return out;
    }

    @Test
    void extract_onSeveralThreads_isBitForBitWhatOneExtractorComputesWindowAfterWindow() {
        for (int threads : new int[] {1, 2, 3}) {
            try (ParallelFeatures p = new ParallelFeatures(threads, "test-features")) {
                for (int n : new int[] {0, 1, 5, 64, 257}) {
                    float[] w = windows(n, 7 + n);
                    float[] out = new float[n * SPEC.outputSize()];

                    p.extract(SPEC, w, n, 1, out);
                    p.extract(SPEC, w, n, 1, out); // again: each thread reuses its extractor

                    assertThat(out).as("%d windows on %d threads", n, threads).containsExactly(serial(w, n));
                }
            }
        }
    }

    @Test
    void extract_windowWithNaNOnAnotherThread_throwsTheExtractorsMessage() {
        try (ParallelFeatures p = new ParallelFeatures(2, "test-features")) {
            float[] w = windows(64, 3);
            w[40 * SPEC.inputSize() + 5] = Float.NaN;

            assertThatThrownBy(() -> p.extract(SPEC, w, 64, 1, new float[64 * SPEC.outputSize()]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessage("samples[5] must be finite, was NaN");
        }
    }

    @Test
    void extract_outputTooSmall_isRefused() {
        try (ParallelFeatures p = new ParallelFeatures(2, "test-features")) {
            assertThatThrownBy(() -> p.extract(SPEC, windows(4, 1), 4, 1, new float[3]))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("out must be at least n * outputSize = " + 4 * SPEC.outputSize() + " values, was 3");
        }
    }

    @Test
    void threads_outOfRange_areRefused() {
        assertThatThrownBy(() -> new ParallelFeatures(0, "x")).hasMessage("threads must be in [1, 256], was 0");
    }

    @Test
    void close_stopsItsThreads() {
        ParallelFeatures p = new ParallelFeatures(3, "test-closing-features");
        p.extract(SPEC, windows(64, 2), 64, 1, new float[64 * SPEC.outputSize()]);

        p.close();

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("test-closing-features")
                && t.isAlive());
    }
}
