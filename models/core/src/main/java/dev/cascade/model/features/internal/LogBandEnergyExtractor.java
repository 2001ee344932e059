package dev.cascade.model.features.internal;

import dev.cascade.model.features.FeatureSpec;
import org.jtransforms.fft.FloatFFT_1D;

/** Hann window, real FFT (JTransforms), band-summed power, natural log. */
public final class LogBandEnergyExtractor extends AbstractExtractor {
    /** Added to every band energy before the log so silent bands stay finite. */
    public static final float LOG_FLOOR = 1e-10f;

    private final FloatFFT_1D fft;
    private final float[] window;
    private final float[] buffer;
    private final int[] bandStart;
    private final int[] bandEnd;
    private final float powerScale;

    public LogBandEnergyExtractor(FeatureSpec spec) {
        super(spec);
        int n = spec.fftSize();
        fft = new FloatFFT_1D(n);
        window = hann(spec.windowSize());
        buffer = new float[n];
        int[][] bins = bandBins(spec);
        bandStart = bins[0];
        bandEnd = bins[1];
        powerScale = 1f / spec.windowSize();
    }

    /** The periodic Hann window of length {@code n}, as used here and in exported graphs. */
    public static float[] hann(int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / n));
        }
        return w;
    }

    /** For each band, the first and one-past-last FFT bin (of {@code fftSize / 2 + 1}) it sums. */
    public static int[][] bandBins(FeatureSpec spec) {
        int bands = spec.bandCount();
        int[] start = new int[bands];
        int[] end = new int[bands];
        double binHz = spec.sampleRateHz() / spec.fftSize();
        int bins = spec.fftSize() / 2 + 1;
        for (int b = 0; b < bands; b++) {
            double lo = spec.bandEdgesHz().get(b);
            double hi = spec.bandEdgesHz().get(b + 1);
            int s = (int) Math.ceil(lo / binHz - 1e-9);
            int e = (int) Math.ceil(hi / binHz - 1e-9);
            start[b] = Math.min(Math.max(s, 0), bins);
            end[b] = Math.min(Math.max(e, start[b]), bins);
        }
        return new int[][] {start, end};
    }

    @Override
    void compute(float[] samples, float[] out) {
        int n = spec.windowSize();
        int ch = spec.channels();
        int fftSize = buffer.length;
        int half = fftSize / 2;
        int bands = bandStart.length;
        for (int c = 0; c < ch; c++) {
            for (int i = 0, src = c; i < n; i++, src += ch) {
                buffer[i] = samples[src] * window[i];
            }
            for (int i = n; i < fftSize; i++) {
                buffer[i] = 0f;
            }
            fft.realForward(buffer);
            for (int b = 0; b < bands; b++) {
                float sum = 0f;
                for (int k = bandStart[b]; k < bandEnd[b]; k++) {
                    sum += power(k, half);
                }
                out[c * bands + b] = (float) Math.log(sum * powerScale + LOG_FLOOR);
            }
        }
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
