package dev.cascade.model.factory.eval;

import java.util.Arrays;
import java.util.Comparator;

/** Area under the ROC curve by the rank-sum (Mann-Whitney) statistic; ties count half. */
public final class RocAuc {
    private RocAuc() {}

    /** AUC of {@code scores} for telling {@code positive} examples (higher score = more positive). */
    public static double of(float[] scores, boolean[] positive) {
        if (scores.length != positive.length) {
            throw new IllegalArgumentException("labels must be as many as scores (" + scores.length + "), was "
                    + positive.length);
        }
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> scores[i]));
        long pos = 0;
        double rankSum = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    rankSum += rank;
                    pos++;
                }
            }
            i = j + 1;
        }
        long neg = scores.length - pos;
        if (pos == 0 || neg == 0) {
            throw new IllegalArgumentException("AUC needs both positive and negative examples, had " + pos
                    + " positive and " + neg + " negative");
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }
}
