package dev.cascade.model.features;

import dev.cascade.model.features.internal.IdentityExtractor;
import dev.cascade.model.features.internal.LogBandEnergyExtractor;
import dev.cascade.model.features.internal.SoilHistoryExtractor;

/**
 * Turns one window of interleaved samples into one feature vector, as described by a {@link FeatureSpec}.
 * The one implementation used at training time, on the edge and in the cloud.
 *
 * <p>Allocates nothing per call. Not thread-safe: one extractor per thread.
 */
public interface FeatureExtractor {

    /** An extractor for the given spec. */
    static FeatureExtractor create(FeatureSpec spec) {
        switch (spec.type()) {
            case LOG_BAND_ENERGY:
                return new LogBandEnergyExtractor(spec);
            case SOIL_HISTORY:
                return new SoilHistoryExtractor(spec);
            case IDENTITY:
                return new IdentityExtractor(spec);
            default:
                throw new IllegalArgumentException("features.type " + spec.type() + " is not supported");
        }
    }

    FeatureSpec spec();

    /** Values expected in one window ({@code windowSize * channels}). */
    int inputSize();

    /** Values written per window. */
    int outputSize();

    /**
     * Computes the features of one window.
     *
     * @param interleavedSamples exactly {@link #inputSize()} finite values, frame by frame
     * @param channels channels per frame; must equal the spec's
     * @param out receives {@link #outputSize()} values from index 0
     * @throws IllegalArgumentException on a wrong length, channel count or a NaN/infinite sample
     */
    void extract(float[] interleavedSamples, int channels, float[] out);
}
