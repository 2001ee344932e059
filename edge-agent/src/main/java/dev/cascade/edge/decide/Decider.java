package dev.cascade.edge.decide;

import dev.cascade.model.bundle.Calibration;
import dev.cascade.model.bundle.ScoringRule;

/** Applies an {@link EscalationPolicy} to a model's score. Stateless and thread-safe. */
public final class Decider {
    private final EscalationPolicy policy;

    public Decider(EscalationPolicy policy) {
        this.policy = policy;
    }

    /**
     * @param score the model's score
     * @param threshold the model's decision threshold
     * @param positiveAbove true when scores above the threshold need action (anomaly), false when scores
     *     below it do (a moisture forecast under the irrigation threshold)
     */
    public Decision decide(float score, double threshold, boolean positiveAbove) {
        if (positiveAbove) {
            if (score < policy.anomalyLow() * threshold) {
                return Decision.NORMAL;
            }
            return score > policy.anomalyHigh() * threshold ? Decision.ACT : Decision.UNCERTAIN;
        }
        if (score > threshold + policy.forecastMargin()) {
            return Decision.NORMAL;
        }
        return score < threshold - policy.forecastMargin() ? Decision.ACT : Decision.UNCERTAIN;
    }

    /** Convenience for a manifest's scoring rule. */
    public Decision decide(float score, double threshold, ScoringRule rule) {
        return decide(score, threshold, rule.positiveAbove());
    }

    /**
     * As {@link #decide(float, double, ScoringRule)}, with the band the model factory measured for this model
     * ({@code calibration}, or null) when the policy takes bands from models: uncertain from
     * {@code threshold - bandBelow} to {@code threshold + bandAbove} (the band moves with a site's threshold).
     */
    public Decision decide(float score, double threshold, ScoringRule rule, Calibration calibration) {
        if (calibration == null || !policy.bandFromModel()) {
            return decide(score, threshold, rule.positiveAbove());
        }
        double low = threshold - calibration.bandBelow();
        double high = threshold + calibration.bandAbove();
        if (rule.positiveAbove()) {
            if (score < low) {
                return Decision.NORMAL;
            }
            return score > high ? Decision.ACT : Decision.UNCERTAIN;
        }
        if (score > high) {
            return Decision.NORMAL;
        }
        return score < low ? Decision.ACT : Decision.UNCERTAIN;
    }

    public EscalationPolicy policy() {
        return policy;
    }
}
