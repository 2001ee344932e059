package dev.cascade.cloud.shadow;

import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.SensorKind;

/**
 * How a shadow model's scores of one batch compared with the live model's on the same windows.
 *
 * @param kind the windows' kind
 * @param live the model whose outputs were published
 * @param shadow the candidate scored beside it
 * @param compared windows both models scored
 * @param disagreed windows whose decision (positive or not) differs between the two
 * @param deltas {@code |shadow score - live score|} of each compared window
 */
public record ShadowBatch(SensorKind kind, ModelRef live, ModelRef shadow, int compared, int disagreed,
                          double[] deltas) {
    public ShadowBatch {
        if (kind == null || live == null || shadow == null || deltas == null) {
            throw new IllegalArgumentException("kind, live, shadow and deltas must not be null");
        }
        if (compared < 0 || disagreed < 0 || disagreed > compared || deltas.length != compared) {
            throw new IllegalArgumentException("disagreed must be in [0, compared] and deltas hold compared values, was "
                    + disagreed + " of " + compared + " with " + deltas.length + " deltas");
        }
    }

    /** Compares two models' scores and decisions of the same windows; a window one of them could not score is skipped. */
    public static ShadowBatch compare(SensorKind kind, ModelRef live, ModelRef shadow, float[] liveScores,
                                      boolean[] livePositive, float[] shadowScores, boolean[] shadowPositive) {
        int n = liveScores.length;
        double[] deltas = new double[n];
        int compared = 0;
        int disagreed = 0;
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(liveScores[i]) || !Float.isFinite(shadowScores[i])) {
                continue;
            }
            deltas[compared++] = Math.abs((double) shadowScores[i] - liveScores[i]);
            if (livePositive[i] != shadowPositive[i]) {
                disagreed++;
            }
        }
        return new ShadowBatch(kind, live, shadow, compared, disagreed, java.util.Arrays.copyOf(deltas, compared));
    }
}
