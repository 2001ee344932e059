package dev.cascade.model.features;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which feature computation turns a window of samples into a model input. */
public enum FeatureType {
    /**
     * Per channel: Hann window, real FFT, power spectrum divided by the window size, summed into frequency
     * bands, natural log of (energy + 1e-10); output channel-major ({@code bands * channels} values).
     */
    LOG_BAND_ENERGY("log_band_energy"),
    /**
     * {@link #LOG_BAND_ENERGY} plus three time-domain statistics per channel after its bands: ln RMS,
     * ln kurtosis and ln crest factor of the mean-removed samples (impulsive bearing faults raise kurtosis and
     * crest factor long before they move band energies); {@code (bands + 3) * channels} values.
     */
    LOG_BAND_ENERGY_STATS("log_band_energy_stats"),
    /**
     * The window's frames channel-major ({@code c0[0..N) c1[0..N) ...}): moisture and temperature as they are,
     * rain (channel 2) as {@code ln(1 + max(0, mm))}.
     */
    SOIL_HISTORY("soil_history"),
    /** The samples as they are, in their interleaved order: for models that take raw windows or own features. */
    IDENTITY("identity");

    private final String wireName;

    /** Whether the features come from an FFT of the window (band edges and FFT size apply). */
    public boolean isSpectral() {
        return this == LOG_BAND_ENERGY || this == LOG_BAND_ENERGY_STATS;
    }

    FeatureType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    @JsonCreator
    public static FeatureType fromWireName(String name) {
        for (FeatureType t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "features.type must be one of log_band_energy, log_band_energy_stats, soil_history, identity, was \""
                        + name + "\"");
    }
}
