package dev.cascade.model.factory.eval;

import dev.cascade.checks.Checks;
import dev.cascade.model.bundle.Calibration;
import dev.cascade.model.factory.model.FeatureTable;
import dev.cascade.model.factory.model.TrainedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Measures an edge model's uncertainty band on held-out windows at training time, for its manifest.
 *
 * <p>With a cloud model to compare against, the band is measured on the held-out windows on which the two models
 * decide differently. Above the threshold (where the edge would act alone) it holds {@code coverage} of the windows
 * the edge flags and the cloud does not; below it, the largest share (up to {@code coverage}) of the windows the
 * edge would miss that keeps the band within {@code maxRate} of the everyday traffic (the held-out windows marked
 * as such, e.g. the normal ones). Inside the band the edge is not sure and asks the cloud; outside it edge and
 * cloud (almost) always agree. Without disagreements (or without a cloud model) the band holds the {@code targetRate}
 * share of everyday windows nearest the threshold.
 *
 * <p>The feature range is the per-feature minimum and maximum over the training and the held-out windows: all
 * the factory saw, labelled faults included, so that a fault like those it was evaluated on is scored, not set
 * aside, while a window far from anything seen (a sensor mounted elsewhere, another machine type, a unit change)
 * is.
 */
public final class BandCalibrator {
    /** Largest share of the disagreements the band tries to hold. */
    public static final double DEFAULT_COVERAGE = 0.95;
    /** Largest share of everyday windows the band may escalate (the uplink budget is 10 % of all windows, faults included). */
    public static final double DEFAULT_MAX_RATE = 0.03;
    /** Share of everyday windows escalated when there is nothing to compare against. */
    public static final double DEFAULT_TARGET_RATE = 0.05;
    /** Margin outside the seen range before a feature counts as out of distribution (x its span). */
    public static final double DEFAULT_RANGE_MARGIN = 0.5;

    private BandCalibrator() {}

    /**
     * The calibration of {@code edge} from held-out windows, compared with {@code cloud} (may be null);
     * {@code everyday} marks the held-out windows the escalation rate is counted on (null: all of them); the
     * feature range spans {@code trainingWindows} and {@code heldOut}.
     */
    public static Calibration calibrate(TrainedModel edge, TrainedModel cloud, float[][] heldOut, boolean[] everyday,
                                        float[][] trainingWindows) {
        float[] e = edge.scores(heldOut);
        float[] c = cloud == null ? null : cloud.scores(heldOut);
        float[][] seen = new float[trainingWindows.length + heldOut.length][];
        System.arraycopy(trainingWindows, 0, seen, 0, trainingWindows.length);
        System.arraycopy(heldOut, 0, seen, trainingWindows.length, heldOut.length);
        float[][] fx = FeatureTable.extract(edge.features(), seen);
        return calibrate(e, edge.threshold(), c, cloud == null ? Double.NaN : cloud.threshold(),
                edge.scoring().positiveAbove(), everyday, fx, DEFAULT_COVERAGE, DEFAULT_MAX_RATE, DEFAULT_TARGET_RATE,
                DEFAULT_RANGE_MARGIN);
    }

    /** The calibration from scores already computed (the testable core of the method above). */
    public static Calibration calibrate(float[] edgeScores, double edgeThreshold, float[] cloudScores, double cloudThreshold,
                                        boolean positiveAbove, boolean[] everyday, float[][] features, double coverage,
                                        double maxRate, double targetRate, double rangeMargin) {
        Checks.check(edgeScores.length > 0, "edgeScores", "non-empty", edgeScores.length);
        Checks.inRange(coverage, 0, 1, "coverage");
        Checks.inRange(maxRate, 0, 1, "maxRate");
        Checks.inRange(targetRate, 0, 1, "targetRate");
        boolean[] daily = everyday;
        if (daily == null) {
            daily = new boolean[edgeScores.length];
            Arrays.fill(daily, true);
        }
        Checks.check(daily.length == edgeScores.length, "everyday", "one flag per score (" + edgeScores.length + ")",
                daily.length);
        List<Double> disagreements = new ArrayList<>();
        if (cloudScores != null) {
            Checks.check(cloudScores.length == edgeScores.length, "cloudScores",
                    "as many as edgeScores (" + edgeScores.length + ")", cloudScores.length);
            for (int i = 0; i < edgeScores.length; i++) {
                boolean edgePositive = positiveAbove ? edgeScores[i] > edgeThreshold : edgeScores[i] < edgeThreshold;
                boolean cloudPositive = positiveAbove ? cloudScores[i] > cloudThreshold : cloudScores[i] < cloudThreshold;
                if (edgePositive != cloudPositive) {
                    disagreements.add(edgeScores[i] - edgeThreshold);
                }
            }
        }
        double[] band = null;
        String method = Calibration.TARGET_RATE;
        double covered = Double.NaN;
        if (!disagreements.isEmpty()) {
            // Above the threshold the edge acts alone (stops a machine): hold the full coverage of the windows the
            // edge would flag and the cloud would not. Below it, the widest coverage (in steps of 5 points) of the
            // windows the edge would miss that stays within the everyday escalation budget.
            // If even that is over budget, the acting side gives way too, step by step.
            search:
            for (double ca = coverage; ca > -1e-9; ca -= 0.05) {
                double above = quantile(disagreements, true, ca);
                for (double cb = coverage; cb > -1e-9; cb -= 0.05) {
                    double[] b = {quantile(disagreements, false, cb), above};
                    if (rate(edgeScores, edgeThreshold, daily, b) <= maxRate) {
                        band = b;
                        method = Calibration.DISAGREEMENT;
                        covered = share(disagreements, b);
                        break search;
                    }
                }
            }
        }
        if (band == null) {
            band = nearest(edgeScores, edgeThreshold, daily, targetRate);
        }
        return new Calibration(method, band[0], band[1], edgeScores.length, rate(edgeScores, edgeThreshold, daily, band),
                covered, column(features, true), column(features, false), rangeMargin);
    }

    /**
     * How far from the threshold the {@code coverage} share of the disagreements on one side reaches: above it
     * ({@code above}, offsets >= 0) or below it (offsets < 0, as a distance); 0 when there are none or coverage is 0.
     */
    static double quantile(List<Double> offsets, boolean above, double coverage) {
        double[] side = offsets.stream().mapToDouble(Double::doubleValue).filter(o -> above ? o >= 0 : o < 0)
                .map(Math::abs).sorted().toArray();
        if (side.length == 0 || coverage <= 0) {
            return 0;
        }
        int k = Math.max(0, (int) Math.ceil(coverage * side.length) - 1);
        return side[Math.min(k, side.length - 1)];
    }

    /** A symmetric band holding the {@code rate} share of everyday windows nearest the threshold. */
    private static double[] nearest(float[] scores, double threshold, boolean[] daily, double rate) {
        double[] d = new double[scores.length];
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (daily[i]) {
                d[n++] = Math.abs(scores[i] - threshold);
            }
        }
        if (n == 0) {
            return new double[] {0, 0};
        }
        double[] sorted = Arrays.copyOf(d, n);
        Arrays.sort(sorted);
        int k = (int) Math.ceil(rate * n) - 1;
        double r = k < 0 ? 0 : sorted[Math.min(k, n - 1)];
        return new double[] {r, r};
    }

    private static double rate(float[] scores, double threshold, boolean[] daily, double[] band) {
        int in = 0;
        int n = 0;
        for (int i = 0; i < scores.length; i++) {
            if (daily[i]) {
                n++;
                double o = scores[i] - threshold;
                if (o >= -band[0] && o <= band[1]) {
                    in++;
                }
            }
        }
        return n == 0 ? 0 : (double) in / n;
    }

    private static double share(List<Double> offsets, double[] band) {
        int in = 0;
        for (double o : offsets) {
            if (o >= -band[0] && o <= band[1]) {
                in++;
            }
        }
        return (double) in / offsets.size();
    }

    private static List<Float> column(float[][] fx, boolean min) {
        if (fx.length == 0) {
            return List.of();
        }
        List<Float> out = new ArrayList<>(fx[0].length);
        for (int j = 0; j < fx[0].length; j++) {
            float v = fx[0][j];
            for (float[] row : fx) {
                v = min ? Math.min(v, row[j]) : Math.max(v, row[j]);
            }
            out.add(v);
        }
        return out;
    }
}
