package dev.cascade.model.features;

/** Constants of the time-domain statistics appended by {@link FeatureType#LOG_BAND_ENERGY_STATS}. */
public final class LogBandEnergyStats {
    /** Statistics per channel: ln RMS, ln kurtosis, ln crest factor. */
    public static final int STATS = 3;
    /** Added to the variance before logs and divisions. */
    public static final double VARIANCE_FLOOR = 1e-12;
    /** Added to kurtosis and crest factor before their logs. */
    public static final double RATIO_FLOOR = 1e-6;

    private LogBandEnergyStats() {}
}
