package dev.cascade.actuators.forecast;

/**
 * Whether and when the bridge closes an open valve early because the cloud's forecast says the zone has had enough.
 *
 * @param enabled whether the bridge watches the results topic for open valves
 * @param targetMarginPct how far above the irrigation threshold (the result's threshold, forecast moisture %) the
 *     forecast must reach: the top of the target band; 0: as soon as the forecast water need is zero
 */
public record ForecastCloseConfig(boolean enabled, double targetMarginPct) {
    /**
     * The default margin, a quarter of a percentage point: well inside the edge's default uncertain band (0.75), since
     * the edge decides windows forecast above that band itself and only the ones inside it reach the cloud.
     */
    public static final double DEFAULT_MARGIN_PCT = 0.25;

    public ForecastCloseConfig {
        if (!(targetMarginPct >= 0 && targetMarginPct <= 50)) {
            throw new IllegalArgumentException("targetMarginPct must be in [0, 50], was " + targetMarginPct);
        }
    }

    /** Enabled, with the default margin. */
    public static ForecastCloseConfig defaults() {
        return new ForecastCloseConfig(true, DEFAULT_MARGIN_PCT);
    }

    /** Never closes early (the planned-duration close still does). */
    public static ForecastCloseConfig disabled() {
        return new ForecastCloseConfig(false, DEFAULT_MARGIN_PCT);
    }
}
