package dev.cascade.model.features.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cascade.model.features.FeatureSpec;
import dev.cascade.model.features.FeatureType;
import dev.cascade.model.features.LogBandEnergyStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jtransforms.fft.FloatFFT_1D;

/**
 * The extractor's fast loops (over consecutive samples, a channel copied out of an interleaved window first; band sums
 * without a branch per bin) give the very floats of the plain form they replaced, kept below as the reference:
 * features feed trained models, so a change of rounding would be a change of every model's input.
 */
class LogBandEnergySameFloatsTest {

    /** The extractor as it was: strided loops for every channel count, a branch per bin in the band sums. */
    static final class Reference {
        final FeatureSpec spec;
        final FloatFFT_1D fft;
        final float[] window;
        final float[] buffer;
        final int[] bandStart;
        final int[] bandEnd;
        final float powerScale;
        final boolean stats;

        Reference(FeatureSpec spec) {
            this.spec = spec;
            fft = new FloatFFT_1D(spec.fftSize());
            window = LogBandEnergyExtractor.hann(spec.windowSize());
            buffer = new float[spec.fftSize()];
            int[][] bins = LogBandEnergyExtractor.bandBins(spec);
            bandStart = bins[0];
            bandEnd = bins[1];
            powerScale = 1f / spec.windowSize();
            stats = spec.type() == FeatureType.LOG_BAND_ENERGY_STATS;
        }

        void compute(float[] samples, float[] out) {
            int n = spec.windowSize();
            int ch = spec.channels();
            int half = buffer.length / 2;
            int bands = bandStart.length;
            int stride = stats ? bands + LogBandEnergyStats.STATS : bands;
            for (int c = 0; c < ch; c++) {
                for (int i = 0, src = c; i < n; i++, src += ch) {
                    buffer[i] = samples[src] * window[i];
                }
                for (int i = n; i < buffer.length; i++) {
                    buffer[i] = 0f;
                }
                fft.realForward(buffer);
                for (int b = 0; b < bands; b++) {
                    float sum = 0f;
                    for (int k = bandStart[b]; k < bandEnd[b]; k++) {
                        sum += power(k, half);
                    }
                    out[c * stride + b] = (float) Math.log(sum * powerScale + LogBandEnergyExtractor.LOG_FLOOR);
                }
                if (stats) {
                    statistics(samples, c, ch, n, out, c * stride + bands);
                }
            }
        }

        static void statistics(float[] samples, int c, int ch, int n, float[] out, int at) {
            double mean = 0;
            for (int i = 0, src = c; i < n; i++, src += ch) {
                mean += samples[src];
            }
            mean /= n;
            double m2 = 0;
            double m4 = 0;
            double peak = 0;
            for (int i = 0, src = c; i < n; i++, src += ch) {
                double d = samples[src] - mean;
                double d2 = d * d;
                m2 += d2;
                m4 += d2 * d2;
                peak = Math.max(peak, Math.abs(d));
            }
            double var = m2 / n + LogBandEnergyStats.VARIANCE_FLOOR;
            out[at] = (float) (0.5 * Math.log(var));
            out[at + 1] = (float) Math.log(m4 / n / (var * var) + LogBandEnergyStats.RATIO_FLOOR);
            out[at + 2] = (float) Math.log(peak / Math.sqrt(var) + LogBandEnergyStats.RATIO_FLOOR);
        }

        private float power(int k, int half) {
            if (k == 0) {
                return buffer[0] * buffer[0];
            }
            if (k == half) {
                return buffer[1] * buffer[1];
            }
            float re = buffer[2 * k];
            float im = buffer[2 * k + 1];
            return re * re + im * im;
        }
    }

    record Case(FeatureSpec spec, float[] samples) {
        @Override
        public String toString() {
            return spec.type().wireName() + " " + spec.windowSize() + " x " + spec.channels() + " ch, fft "
                    + spec.fftSize() + ", edges " + spec.bandEdgesHz();
        }
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.longs().map(seed -> {
            Random r = new Random(seed);
            int n = 8 << r.nextInt(8); // 8 .. 1024
            int fftSize = n << r.nextInt(2); // zero padded half the time
            int ch = 1 + (r.nextInt(3) == 0 ? r.nextInt(3) : 0);
            double rate = 1000 + r.nextInt(8000);
            double nyquist = rate / 2;
            // edges anywhere in [0, nyquist], sometimes starting at DC and ending at Nyquist (the packed bins)
            int bands = 1 + r.nextInt(Math.min(40, fftSize / 2));
            List<Double> edges = new ArrayList<>();
            double lo = r.nextBoolean() ? 0 : nyquist * r.nextDouble() * 0.5;
            double hi = r.nextBoolean() ? nyquist : lo + (nyquist - lo) * (0.5 + 0.5 * r.nextDouble());
            for (int b = 0; b <= bands; b++) {
                edges.add(lo + (hi - lo) * b / bands);
            }
            FeatureType type = r.nextBoolean() ? FeatureType.LOG_BAND_ENERGY_STATS : FeatureType.LOG_BAND_ENERGY;
            FeatureSpec spec = new FeatureSpec(type, n, ch, rate, fftSize, edges, List.of(), List.of());
            float[] s = new float[n * ch];
            double scale = Math.pow(10, -4 + 7 * r.nextDouble());
            double offset = r.nextInt(3) == 0 ? 0 : scale * 50 * (r.nextDouble() - 0.5);
            for (int i = 0; i < s.length; i++) {
                double v = r.nextInt(40) == 0 ? 30 * r.nextGaussian() : Math.sin(i * 0.21) + 0.3 * r.nextGaussian();
                s[i] = (float) (offset + scale * v);
            }
            return new Case(spec, s);
        });
    }

    @Property(tries = 2000)
    void everyFeature_isTheSameFloat_asThePlainFormsOutput(@ForAll("cases") Case c) {
        FeatureSpec spec = c.spec();
        float[] fast = new float[spec.outputSize()];
        float[] reference = new float[spec.outputSize()];
        new LogBandEnergyExtractor(spec).compute(c.samples(), fast);
        new Reference(spec).compute(c.samples(), reference);
        for (int i = 0; i < fast.length; i++) {
            assertThat(Float.floatToRawIntBits(fast[i])).as("feature %d: %s vs %s", i, fast[i], reference[i])
                    .isEqualTo(Float.floatToRawIntBits(reference[i]));
        }
    }
}
