package dev.cascade.edge.decide;

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

    public EscalationPolicy policy() {
        return policy;
    }
}
