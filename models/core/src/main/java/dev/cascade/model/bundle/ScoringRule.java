package dev.cascade.model.bundle;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.checks.Checks;

/**
 * How (features, model output) become one score, and which side of the threshold is the positive decision.
 *
 * @param kind the formula
 * @param outputIndex for {@link Kind#OUTPUT}: which output value; 0 otherwise
 * @param outputScale for {@link Kind#OUTPUT}: score = output[index] * scale + offset (undoes normalisation)
 * @param outputOffset see {@code outputScale}
 * @param positiveAbove true when {@code score > threshold} is the positive decision (anomaly); false when
 *     {@code score < threshold} is (moisture forecast below the irrigation level)
 * @param baseFeature for {@link Kind#OUTPUT}: a feature whose raw (de-normalised) value is added to the score,
 *     so that a model can predict a change (e.g. moisture later = moisture now + predicted change); -1 for none
 */
public record ScoringRule(Kind kind, int outputIndex, float outputScale, float outputOffset, boolean positiveAbove,
        int baseFeature) {

    /** The formula of a score. */
    public enum Kind {
        /** Mean squared difference between the feature vector and the model's reconstruction of it. */
        RECONSTRUCTION_MSE("reconstruction_mse"),
        /** One output value, rescaled. */
        OUTPUT("output");

        private final String wireName;

        Kind(String wireName) {
            this.wireName = wireName;
        }

        @JsonValue
        public String wireName() {
            return wireName;
        }

        @JsonCreator
        public static Kind fromWireName(String name) {
            for (Kind k : values()) {
                if (k.wireName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException(
                    "scoring.kind must be reconstruction_mse or output, was \"" + name + "\"");
        }
    }

    public ScoringRule {
        Checks.notNull(kind, "scoring.kind");
        Checks.nonNegative(outputIndex, "scoring.outputIndex");
        Checks.check(Float.isFinite(outputScale) && outputScale != 0, "scoring.outputScale", "finite and non-zero",
                outputScale);
        Checks.check(Float.isFinite(outputOffset), "scoring.outputOffset", "finite", outputOffset);
        Checks.check(baseFeature >= -1, "scoring.baseFeature", ">= 0, or -1 for none", baseFeature);
        Checks.check(baseFeature == -1 || kind == Kind.OUTPUT, "scoring.baseFeature", "-1 for " + kind.wireName(),
                baseFeature);
    }

    /** Reconstruction error; higher is more anomalous. */
    public static ScoringRule reconstructionMse() {
        return new ScoringRule(Kind.RECONSTRUCTION_MSE, 0, 1f, 0f, true, -1);
    }

    /** Output {@code index} rescaled; positive when above the threshold if {@code positiveAbove}. */
    public static ScoringRule output(int index, float scale, float offset, boolean positiveAbove) {
        return new ScoringRule(Kind.OUTPUT, index, scale, offset, positiveAbove, -1);
    }

    /** Raw feature {@code baseFeature} plus output {@code index} rescaled: a predicted change added to a value. */
    public static ScoringRule change(int baseFeature, int index, float scale, float offset, boolean positiveAbove) {
        return new ScoringRule(Kind.OUTPUT, index, scale, offset, positiveAbove, baseFeature);
    }
}
