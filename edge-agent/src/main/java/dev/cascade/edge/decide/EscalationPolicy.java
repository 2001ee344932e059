package dev.cascade.edge.decide;

/**
 * When the edge decides alone and when it asks the cloud.
 *
 * <p>Anomaly models (score above threshold T is anomalous): below {@code anomalyLow x T} the window is
 * confidently normal; above {@code anomalyHigh x T} it is confidently anomalous (the edge acts locally
 * and escalates so the cloud confirms and alerts); in between it is uncertain and escalated.
 * Forecast models (irrigate when the forecast falls below T): within {@code forecastMargin} of T the
 * window is uncertain; further below, the edge irrigates locally; further above, nothing is needed.
 *
 * @param anomalyLow fraction of the threshold below which a score is confidently normal, in (0, 1]
 * @param anomalyHigh multiple of the threshold above which a score is confidently anomalous, >= 1
 * @param forecastMargin half-width of the uncertain band around a forecast threshold (model units), >= 0
 * @param auditRate share of confidently-normal windows escalated anyway as audit samples, in [0, 1]
 * @param actLocally whether the edge acts (stops a machine, opens a valve) when it is sure
 * @param idleRmsG vibration windows quieter than this RMS (g) come from a machine at rest: decided normal
 *     at the edge without scoring (anomaly models describe running machines); 0 scores every window
 * @param bandFromModel use the band the model factory measured (the manifest's calibration) for models that
 *     carry one, instead of anomalyLow/anomalyHigh/forecastMargin (which still apply to models without)
 */
public record EscalationPolicy(double anomalyLow, double anomalyHigh, double forecastMargin, double auditRate,
                               boolean actLocally, double idleRmsG, boolean bandFromModel) {
    public EscalationPolicy {
        if (!(anomalyLow > 0 && anomalyLow <= 1)) {
            throw new IllegalArgumentException("anomalyLow must be in (0, 1], was " + anomalyLow);
        }
        if (!(anomalyHigh >= 1) || Double.isInfinite(anomalyHigh)) {
            throw new IllegalArgumentException("anomalyHigh must be a finite number >= 1, was " + anomalyHigh);
        }
        if (!(forecastMargin >= 0) || Double.isInfinite(forecastMargin)) {
            throw new IllegalArgumentException("forecastMargin must be a finite number >= 0, was " + forecastMargin);
        }
        if (!(auditRate >= 0 && auditRate <= 1)) {
            throw new IllegalArgumentException("auditRate must be in [0, 1], was " + auditRate);
        }
        if (!(idleRmsG >= 0) || Double.isInfinite(idleRmsG)) {
            throw new IllegalArgumentException("idleRmsG must be a finite number >= 0, was " + idleRmsG);
        }
    }

    /** A policy that takes the model's calibrated band when there is one. */
    public EscalationPolicy(double anomalyLow, double anomalyHigh, double forecastMargin, double auditRate,
                            boolean actLocally, double idleRmsG) {
        this(anomalyLow, anomalyHigh, forecastMargin, auditRate, actLocally, idleRmsG, true);
    }

    /**
     * The model's calibrated band when it has one; otherwise uncertain between 0.9 T and 2 T; forecasts within 0.75 units of T (about 1.3 times the default edge
     * irrigation model's mean absolute error); 1% audit samples; act locally; machines quieter than 0.01 g RMS
     * are at rest.
     */
    public static EscalationPolicy defaults() {
        return new EscalationPolicy(0.9, 2.0, 0.75, 0.01, true, 0.01);
    }

    public EscalationPolicy withActLocally(boolean act) {
        return new EscalationPolicy(anomalyLow, anomalyHigh, forecastMargin, auditRate, act, idleRmsG, bandFromModel);
    }

    public EscalationPolicy withAuditRate(double rate) {
        return new EscalationPolicy(anomalyLow, anomalyHigh, forecastMargin, rate, actLocally, idleRmsG, bandFromModel);
    }

    public EscalationPolicy withAnomalyBand(double low, double high) {
        return new EscalationPolicy(low, high, forecastMargin, auditRate, actLocally, idleRmsG, bandFromModel);
    }

    public EscalationPolicy withIdleRmsG(double g) {
        return new EscalationPolicy(anomalyLow, anomalyHigh, forecastMargin, auditRate, actLocally, g, bandFromModel);
    }

    public EscalationPolicy withBandFromModel(boolean fromModel) {
        return new EscalationPolicy(anomalyLow, anomalyHigh, forecastMargin, auditRate, actLocally, idleRmsG, fromModel);
    }
}
