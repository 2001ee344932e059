package dev.cascade.model.factory.eval;

/**
 * Decisions at a threshold against labels.
 *
 * @param truePositives positives decided positive
 * @param falsePositives negatives decided positive (false alarms)
 * @param trueNegatives negatives decided negative
 * @param falseNegatives positives decided negative (misses)
 */
public record ConfusionMatrix(long truePositives, long falsePositives, long trueNegatives, long falseNegatives) {

    /** Counts decisions {@code score > threshold} (or {@code <} when not {@code positiveAbove}). */
    public static ConfusionMatrix at(float[] scores, boolean[] positive, double threshold, boolean positiveAbove) {
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean decided = positiveAbove ? scores[i] > threshold : scores[i] < threshold;
            if (decided && positive[i]) {
                tp++;
            } else if (decided) {
                fp++;
            } else if (positive[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new ConfusionMatrix(tp, fp, tn, fn);
    }

    /** tp / (tp + fp); 1 when nothing was decided positive. */
    public double precision() {
        return truePositives + falsePositives == 0 ? 1 : (double) truePositives / (truePositives + falsePositives);
    }

    /** tp / (tp + fn). */
    public double recall() {
        return truePositives + falseNegatives == 0 ? 0 : (double) truePositives / (truePositives + falseNegatives);
    }

    /** fp / (fp + tn). */
    public double falseAlarmRate() {
        return falsePositives + trueNegatives == 0 ? 0 : (double) falsePositives / (falsePositives + trueNegatives);
    }

    public double accuracy() {
        long n = truePositives + falsePositives + trueNegatives + falseNegatives;
        return n == 0 ? 0 : (double) (truePositives + trueNegatives) / n;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT,
                "             decided+  decided-%n  actual+  %8d  %8d%n  actual-  %8d  %8d", truePositives,
                falseNegatives, falsePositives, trueNegatives);
    }
}
