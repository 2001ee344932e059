package dev.cascade.model.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.cascade.model.features.internal.LogBandEnergyExtractor;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureExtractorTest {
    private static final double RATE = 10_240;
    private static final int N = 1024;

    @Test
    void logBandEnergy_pureTone_putsItsEnergyInTheBandHoldingItsFrequency() {
        FeatureSpec spec = FeatureSpec.logBandEnergy(N, RATE, 16, RATE / 2);
        FeatureExtractor fx = FeatureExtractor.create(spec);
        float[] x = new float[N];
        double f = 1200; // bin 120 at 10 Hz per bin
        for (int i = 0; i < N; i++) {
            x[i] = (float) Math.sin(2 * Math.PI * f * i / RATE);
        }
        float[] out = new float[fx.outputSize()];
        fx.extract(x, 1, out);
        int loudest = 0;
        for (int b = 1; b < out.length; b++) {
            if (out[b] > out[loudest]) {
                loudest = b;
            }
        }
        double lo = spec.bandEdgesHz().get(loudest);
        double hi = spec.bandEdgesHz().get(loudest + 1);
        assertThat(f).isBetween(lo, hi);
        assertThat(out[loudest] - out[(loudest + 8) % 16]).isGreaterThan(10f);
    }

    @Test
    void logBandEnergy_matchesANaiveDftOfTheHannWindowedSignal() {
        FeatureSpec spec = FeatureSpec.logBandEnergy(N, RATE, 8, 3000);
        FeatureExtractor fx = FeatureExtractor.create(spec);
        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        float[] x = new float[N];
        for (int i = 0; i < N; i++) {
            x[i] = (float) (r.nextGaussian() + Math.sin(i * 0.3));
        }
        float[] out = new float[8];
        fx.extract(x, 1, out);

        float[] w = LogBandEnergyExtractor.hann(N);
        int[][] bins = LogBandEnergyExtractor.bandBins(spec);
        for (int b = 0; b < 8; b++) {
            double sum = 0;
            for (int k = bins[0][b]; k < bins[1][b]; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < N; i++) {
                    double v = x[i] * w[i];
                    re += v * Math.cos(2 * Math.PI * k * i / N);
                    im -= v * Math.sin(2 * Math.PI * k * i / N);
                }
                sum += re * re + im * im;
            }
            assertThat((double) out[b]).isCloseTo(Math.log(sum / N + 1e-10), within(1e-3));
        }
    }

    @Test
    void logBandEnergy_multiChannel_concatenatesChannelsInOrder() {
        FeatureSpec one = FeatureSpec.logBandEnergy(N, RATE, 4, 4000);
        FeatureSpec two = new FeatureSpec(FeatureType.LOG_BAND_ENERGY, N, 2, RATE, N, one.bandEdgesHz(),
                List.of(), List.of());
        float[] a = new float[N];
        float[] b = new float[N];
        float[] both = new float[2 * N];
        for (int i = 0; i < N; i++) {
            a[i] = (float) Math.sin(i * 0.1);
            b[i] = (float) Math.cos(i * 0.7);
            both[2 * i] = a[i];
            both[2 * i + 1] = b[i];
        }
        float[] fa = new float[4];
        float[] fb = new float[4];
        float[] fboth = new float[8];
        FeatureExtractor.create(one).extract(a, 1, fa);
        FeatureExtractor.create(one).extract(b, 1, fb);
        FeatureExtractor.create(two).extract(both, 2, fboth);
        assertThat(java.util.Arrays.copyOfRange(fboth, 0, 4)).containsExactly(fa);
        assertThat(java.util.Arrays.copyOfRange(fboth, 4, 8)).containsExactly(fb);
    }

    @Test
    void normalization_isAppliedPerOutput() {
        FeatureSpec spec = FeatureSpec.identity(3, 1, 1).withNormalization(new float[] {1, 2, 3}, new float[] {2, 4, 0.5f});
        float[] out = new float[3];
        FeatureExtractor.create(spec).extract(new float[] {3, 2, 4}, 1, out);
        assertThat(out).containsExactly(1f, 0f, 2f);
    }

    @Test
    void soilHistory_isChannelMajor() {
        FeatureExtractor fx = FeatureExtractor.create(FeatureSpec.soilHistory(3, 3, 1.0 / 900));
        float[] out = new float[9];
        fx.extract(new float[] {30, 15, 0, 29, 16, 1, 28, 17, 0}, 3, out);
        assertThat(out).containsExactly(30, 29, 28, 15, 16, 17, 0, 1, 0);
    }

    @Test
    void extract_nanSample_isRejectedNamingTheIndex() {
        FeatureExtractor fx = FeatureExtractor.create(FeatureSpec.logBandEnergy(N, RATE, 4, 4000));
        float[] x = new float[N];
        x[17] = Float.NaN;
        assertThatThrownBy(() -> fx.extract(x, 1, new float[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("samples[17] must be finite, was NaN");
    }

    @Test
    void extract_windowShorterThanSpec_isRejected() {
        FeatureExtractor fx = FeatureExtractor.create(FeatureSpec.logBandEnergy(N, RATE, 4, 4000));
        assertThatThrownBy(() -> fx.extract(new float[1000], 1, new float[4]))
                .hasMessage("samples must have length 1024, was 1000");
    }

    @Test
    void extract_wrongChannelCount_isRejected() {
        FeatureExtractor fx = FeatureExtractor.create(FeatureSpec.soilHistory(4, 3, 1));
        assertThatThrownBy(() -> fx.extract(new float[12], 1, new float[12]))
                .hasMessage("channels must be 3, was 1");
    }

    @Test
    void spec_bandEdgeAboveNyquist_isRejected() {
        assertThatThrownBy(() -> new FeatureSpec(FeatureType.LOG_BAND_ENERGY, N, 1, 1000, N, List.of(10.0, 600.0),
                List.of(), List.of()))
                .hasMessage("features.bandEdgesHz[1] must be in [0, 500.0] Hz, was 600.0");
    }

    @Test
    void spec_normalizationOfWrongLength_isRejected() {
        FeatureSpec spec = FeatureSpec.logBandEnergy(N, RATE, 4, 4000);
        assertThatThrownBy(() -> spec.withNormalization(new float[3], new float[] {1, 1, 1}))
                .hasMessage("features.mean must be empty or 4 values, was 3");
    }

    @Test
    void spec_zeroStd_isRejected() {
        FeatureSpec spec = FeatureSpec.identity(2, 1, 1);
        assertThatThrownBy(() -> spec.withNormalization(new float[2], new float[] {1, 0}))
                .hasMessage("features.std[1] must be a finite number > 0, was 0.0");
    }
}
