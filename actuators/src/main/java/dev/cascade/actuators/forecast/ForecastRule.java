package dev.cascade.actuators.forecast;

import dev.cascade.protocol.inference.InferenceResult;
import dev.cascade.protocol.inference.Verdict;
import dev.cascade.protocol.window.SensorKind;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one irrigation result as "enough" or not: a soil result says the zone has had enough water when its verdict
 * is {@code stop_irrigation}, or when it is not {@code irrigate} and the forecast moisture (the score) is at or above
 * the result's threshold plus {@code targetMarginPct}. Stateless and thread-safe.
 */
public final class ForecastRule {
    private final double targetMarginPct;

    public ForecastRule(double targetMarginPct) {
        if (!(targetMarginPct >= 0) || Double.isInfinite(targetMarginPct)) {
            throw new IllegalArgumentException("targetMarginPct must be a finite number >= 0, was " + targetMarginPct);
        }
        this.targetMarginPct = targetMarginPct;
    }

    /** Why the result says enough (naming the forecast), or empty when it does not. */
    public Optional<String> enough(InferenceResult r) {
        if (r.kind() != SensorKind.SOIL || r.verdict() == Verdict.IRRIGATE || r.verdict() == Verdict.ANOMALY) {
            return Optional.empty();
        }
        double target = r.threshold() + targetMarginPct;
        if (r.verdict() == Verdict.STOP_IRRIGATION) {
            return Optional.of(String.format(Locale.ROOT, "forecast %s: stop irrigation (forecast moisture %.2f %%)",
                    r.model(), r.score()));
        }
        if (r.score() < target) {
            return Optional.empty();
        }
        return Optional.of(String.format(Locale.ROOT, "forecast %s: moisture %.2f %% >= target %.2f %% (threshold %.2f %%"
                + " + margin %.2f): the zone has had enough", r.model(), r.score(), target, r.threshold(), targetMarginPct));
    }
}
