package dev.cascade.model.scoring;

/** The outcome of scoring one window: a finite score, or why there is none (never an exception). */
public sealed interface Scored permits Scored.Value, Scored.NonFinite {

    /**
     * A finite score.
     *
     * @param score the score
     * @param outOfDistribution why the window lies outside the data the model was trained on (the first feature
     *     outside the manifest's calibrated range), or "" when it lies inside or the model has no calibration
     */
    record Value(float score, String outOfDistribution) implements Scored {
        public Value {
            if (!Float.isFinite(score)) {
                throw new IllegalArgumentException("score must be finite, was " + score);
            }
            outOfDistribution = outOfDistribution == null ? "" : outOfDistribution;
        }

        /** A score of a window inside the training distribution. */
        public Value(float score) {
            this(score, "");
        }

        /** Whether the window's features lie outside the model's training range. */
        public boolean isOutOfDistribution() {
            return !outOfDistribution.isEmpty();
        }
    }

    /**
     * A feature, a model output or the score was NaN or infinite (e.g. samples so large that their energy
     * overflows): a bad record, not a verdict.
     *
     * @param detail names the value, e.g. {@code features[3] must be finite, was Infinity}
     */
    record NonFinite(String detail) implements Scored {
        public NonFinite {
            if (detail == null || detail.isBlank()) {
                throw new IllegalArgumentException("detail must not be blank, was " + detail);
            }
        }
    }
}
