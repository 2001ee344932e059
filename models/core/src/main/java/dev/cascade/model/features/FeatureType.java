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
    /** The window's frames as they are, channel-major ({@code c0[0..N) c1[0..N) ...}). */
    SOIL_HISTORY("soil_history"),
    /** The samples as they are, in their interleaved order: for models that take raw windows or own features. */
    IDENTITY("identity");

    private final String wireName;

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
                "features.type must be one of log_band_energy, soil_history, identity, was \"" + name + "\"");
    }
}
