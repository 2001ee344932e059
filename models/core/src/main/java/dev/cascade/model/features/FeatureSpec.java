package dev.cascade.model.features;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cascade.checks.Checks;
import dev.cascade.model.internal.FloatLists;
import java.util.ArrayList;
import java.util.List;

/**
 * How a window of samples becomes a model input: the same spec drives training, the edge and the cloud, so
 * all three compute identical features. Stored in every model manifest.
 *
 * <p>After the raw feature, each output value {@code i} is normalised as {@code (x - mean[i]) / std[i]}
 * when {@code mean} and {@code std} are given (both empty means no normalisation).
 *
 * @param type the computation
 * @param windowSize frames per window (samples per channel)
 * @param channels interleaved channels per frame
 * @param sampleRateHz frames per second
 * @param fftSize FFT length for spectral features (even, >= windowSize, zero padded); 0 otherwise
 * @param bandEdgesHz band edges for {@link FeatureType#LOG_BAND_ENERGY}, ascending, bands = edges - 1; a bin
 *     {@code k} at {@code k * sampleRate / fftSize} Hz belongs to band {@code b} when
 *     {@code edge[b] <= f < edge[b+1]}; empty otherwise
 * @param mean per-output normalisation mean, or empty
 * @param std per-output normalisation standard deviation (> 0), or empty
 */
public record FeatureSpec(
        FeatureType type,
        int windowSize,
        int channels,
        double sampleRateHz,
        int fftSize,
        List<Double> bandEdgesHz,
        List<Float> mean,
        List<Float> std) {

    /** The most values a window may have. */
    public static final int MAX_INPUT = 1 << 20;

    public FeatureSpec {
        Checks.notNull(type, "features.type");
        Checks.positive(windowSize, "features.windowSize");
        Checks.positive(channels, "features.channels");
        Checks.check((long) windowSize * channels <= MAX_INPUT, "features.windowSize * features.channels",
                "<= " + MAX_INPUT, (long) windowSize * channels);
        Checks.positiveFinite(sampleRateHz, "features.sampleRateHz");
        bandEdgesHz = Checks.immutable(bandEdgesHz == null ? List.of() : bandEdgesHz, "features.bandEdgesHz");
        mean = Checks.immutable(mean == null ? List.of() : mean, "features.mean");
        std = Checks.immutable(std == null ? List.of() : std, "features.std");
        if (type.isSpectral()) {
            Checks.check(fftSize >= windowSize && fftSize % 2 == 0, "features.fftSize",
                    "even and >= windowSize (" + windowSize + ")", fftSize);
            Checks.check(bandEdgesHz.size() >= 2, "features.bandEdgesHz", "at least 2 edges", bandEdgesHz.size());
            double nyquist = sampleRateHz / 2;
            for (int i = 0; i < bandEdgesHz.size(); i++) {
                double e = bandEdgesHz.get(i);
                Checks.check(e >= 0 && e <= nyquist + 1e-9, "features.bandEdgesHz[" + i + "]",
                        "in [0, " + nyquist + "] Hz", e);
                if (i > 0) {
                    Checks.check(e > bandEdgesHz.get(i - 1), "features.bandEdgesHz[" + i + "]",
                            "> the previous edge " + bandEdgesHz.get(i - 1), e);
                }
            }
        } else {
            Checks.check(fftSize == 0, "features.fftSize", "0 for " + type.wireName(), fftSize);
            Checks.check(bandEdgesHz.isEmpty(), "features.bandEdgesHz", "empty for " + type.wireName(),
                    bandEdgesHz.size());
        }
        int out = outputSize(type, windowSize, channels, bandEdgesHz.size());
        Checks.check(mean.size() == std.size(), "features.std", "as long as features.mean (" + mean.size() + ")",
                std.size());
        Checks.check(mean.isEmpty() || mean.size() == out, "features.mean", "empty or " + out + " values",
                mean.size());
        for (int i = 0; i < mean.size(); i++) {
            Checks.check(Float.isFinite(mean.get(i)), "features.mean[" + i + "]", "finite", mean.get(i));
            float s = std.get(i);
            Checks.check(s > 0 && Float.isFinite(s), "features.std[" + i + "]", "a finite number > 0", s);
        }
    }

    /**
     * Log band energies of one vibration channel: {@code bands} equal-width bands from one FFT bin above DC
     * up to {@code maxHz}, FFT size = window size; no normalisation yet.
     */
    public static FeatureSpec logBandEnergy(int windowSize, double sampleRateHz, int bands, double maxHz) {
        Checks.positive(bands, "bands");
        Checks.positive(windowSize, "features.windowSize");
        double lo = sampleRateHz / windowSize;
        Checks.check(maxHz > lo && maxHz <= sampleRateHz / 2, "maxHz", "in (" + lo + ", " + sampleRateHz / 2 + "]",
                maxHz);
        List<Double> edges = new ArrayList<>(bands + 1);
        for (int b = 0; b <= bands; b++) {
            edges.add(lo + (maxHz - lo) * b / bands);
        }
        return new FeatureSpec(FeatureType.LOG_BAND_ENERGY, windowSize, 1, sampleRateHz, windowSize, edges,
                List.of(), List.of());
    }

    /** {@link #logBandEnergy} plus ln RMS, ln kurtosis and ln crest factor after the bands. */
    public static FeatureSpec logBandEnergyStats(int windowSize, double sampleRateHz, int bands, double maxHz) {
        FeatureSpec s = logBandEnergy(windowSize, sampleRateHz, bands, maxHz);
        return new FeatureSpec(FeatureType.LOG_BAND_ENERGY_STATS, windowSize, 1, sampleRateHz, windowSize,
                s.bandEdgesHz(), List.of(), List.of());
    }

    /** A soil history of {@code frames} steps of {@code channels} (moisture, temperature, rain); no normalisation. */
    public static FeatureSpec soilHistory(int frames, int channels, double sampleRateHz) {
        return new FeatureSpec(FeatureType.SOIL_HISTORY, frames, channels, sampleRateHz, 0, List.of(), List.of(),
                List.of());
    }

    /** The raw window as model input (for models with their own preprocessing inside). */
    public static FeatureSpec identity(int windowSize, int channels, double sampleRateHz) {
        return new FeatureSpec(FeatureType.IDENTITY, windowSize, channels, sampleRateHz, 0, List.of(), List.of(),
                List.of());
    }

    /** This spec with the given per-output normalisation; the arrays are copied. */
    public FeatureSpec withNormalization(float[] mean, float[] std) {
        return new FeatureSpec(type, windowSize, channels, sampleRateHz, fftSize, bandEdgesHz, FloatLists.of(mean),
                FloatLists.of(std));
    }

    /** This spec without normalisation (raw features). */
    public FeatureSpec withoutNormalization() {
        return new FeatureSpec(type, windowSize, channels, sampleRateHz, fftSize, bandEdgesHz, List.of(), List.of());
    }

    /** The raw value of normalised output {@code i} (inverts the normalisation, not the clamp). */
    public float denormalize(int i, float value) {
        return mean.isEmpty() ? value : value * std.get(i) + mean.get(i);
    }

    /** Values in one window: {@code windowSize * channels}. */
    @JsonIgnore
    public int inputSize() {
        return windowSize * channels;
    }

    /** Values in one feature vector. */
    @JsonIgnore
    public int outputSize() {
        return outputSize(type, windowSize, channels, bandEdgesHz.size());
    }

    @JsonIgnore
    public int bandCount() {
        return Math.max(0, bandEdgesHz.size() - 1);
    }

    @JsonIgnore
    public boolean isNormalized() {
        return !mean.isEmpty();
    }

    private static int outputSize(FeatureType type, int windowSize, int channels, int edges) {
        switch (type) {
            case LOG_BAND_ENERGY:
                return Math.max(0, edges - 1) * channels;
            case LOG_BAND_ENERGY_STATS:
                return (Math.max(0, edges - 1) + LogBandEnergyStats.STATS) * channels;
            case SOIL_HISTORY:
            case IDENTITY:
                return windowSize * channels;
            default:
                throw new IllegalStateException("unknown feature type " + type);
        }
    }
}
