package dev.cascade.sim.factory;

/** Test-side signal analysis: a radix-2 FFT, amplitude spectra and the envelope spectrum. */
final class Spectrum {
    private final double[] amplitude;
    private final double binHz;

    private Spectrum(double[] amplitude, double binHz) {
        this.amplitude = amplitude;
        this.binHz = binHz;
    }

    /** Single-sided amplitude spectrum (a sine of amplitude A shows as ~A at its bin), Hann-windowed. */
    static Spectrum of(float[] signal, double sampleRateHz) {
        int n = signal.length;
        double[] re = new double[n];
        double[] im = new double[n];
        double mean = 0;
        for (float v : signal) {
            mean += v;
        }
        mean /= n;
        for (int i = 0; i < n; i++) {
            double w = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / n);
            re[i] = (signal[i] - mean) * w;
        }
        fft(re, im, false);
        double[] amp = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            amp[k] = 4 * Math.hypot(re[k], im[k]) / n;   // x2 single-sided, x2 Hann coherent gain
        }
        return new Spectrum(amp, sampleRateHz / n);
    }

    /** Spectrum of the envelope of the band [loHz, hiHz] (the standard bearing diagnostic). */
    static Spectrum envelope(float[] signal, double sampleRateHz, double loHz, double hiHz) {
        int n = signal.length;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = signal[i];
        }
        fft(re, im, false);
        double bin = sampleRateHz / n;
        for (int k = 0; k < n; k++) {
            double f = k * bin;
            boolean keep = k < n / 2 && f >= loHz && f <= hiHz;
            double gain = keep ? 2 : 0;   // analytic signal: positive frequencies doubled
            re[k] *= gain;
            im[k] *= gain;
        }
        fft(re, im, true);
        float[] env = new float[n];
        for (int i = 0; i < n; i++) {
            env[i] = (float) Math.hypot(re[i], im[i]);
        }
        return of(env, sampleRateHz);
    }

    double binHz() {
        return binHz;
    }

    /** The largest amplitude within +-toleranceHz of {@code hz}. */
    double at(double hz, double toleranceHz) {
        int lo = Math.max(1, (int) Math.floor((hz - toleranceHz) / binHz));
        int hi = Math.min(amplitude.length - 1, (int) Math.ceil((hz + toleranceHz) / binHz));
        double max = 0;
        for (int k = lo; k <= hi; k++) {
            max = Math.max(max, amplitude[k]);
        }
        return max;
    }

    /** The frequency of the largest amplitude in [loHz, hiHz]. */
    double peakHz(double loHz, double hiHz) {
        int lo = Math.max(1, (int) Math.ceil(loHz / binHz));
        int hi = Math.min(amplitude.length - 1, (int) Math.floor(hiHz / binHz));
        int best = lo;
        for (int k = lo; k <= hi; k++) {
            if (amplitude[k] > amplitude[best]) {
                best = k;
            }
        }
        return best * binHz;
    }

    /** The median amplitude in [loHz, hiHz]: the local noise floor. */
    double median(double loHz, double hiHz) {
        int lo = Math.max(1, (int) Math.ceil(loHz / binHz));
        int hi = Math.min(amplitude.length - 1, (int) Math.floor(hiHz / binHz));
        double[] band = java.util.Arrays.copyOfRange(amplitude, lo, hi + 1);
        java.util.Arrays.sort(band);
        return band[band.length / 2];
    }

    static double rms(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s / x.length);
    }

    private static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("length must be a power of two, was " + n);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i]; re[i] = re[j]; re[j] = t;
                t = im[i]; im[i] = im[j]; im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int j = 0; j < len / 2; j++) {
                    int a = i + j;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double ncr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = ncr;
                }
            }
        }
        if (inverse) {
            for (int i = 0; i < n; i++) {
                re[i] /= n;
                im[i] /= n;
            }
        }
    }
}
