package dev.cascade.model.bundle;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import java.util.List;

/**
 * How sure an edge model is, measured when it was made: the band of scores around the threshold in which it
 * should ask the cloud, and the range of feature values it was trained on. Written into the manifest by the
 * model factory (or {@code cascade model calibrate}); the edge agent escalates scores inside the band and windows
 * whose features fall outside the range.
 *
 * @param method how the band was chosen: {@code edge_cloud_disagreement} (the scores where the edge model's
 *     decision disagreed with the cloud model's on held-out windows) or {@code target_escalation_rate} (the
 *     scores nearest the threshold, as many as the target rate)
 * @param bandBelow the band reaches this far below the threshold (score units, >= 0)
 * @param bandAbove the band reaches this far above the threshold (score units, >= 0)
 * @param heldOutWindows how many held-out windows it was measured on
 * @param escalationRate share of those windows whose score fell inside the band
 * @param disagreementCovered share of the edge-cloud disagreements inside the band (NaN for a target rate)
 * @param featureMin lowest value of each feature over the training windows
 * @param featureMax highest value of each feature over the training windows
 * @param rangeMargin a feature is out of distribution beyond {@code rangeMargin x (max - min)} outside its range
 */
@JsonPropertyOrder({"method", "bandBelow", "bandAbove", "heldOutWindows", "escalationRate", "disagreementCovered",
        "featureMin", "featureMax", "rangeMargin"})
public record Calibration(String method, double bandBelow, double bandAbove, int heldOutWindows, double escalationRate,
                          double disagreementCovered, List<Float> featureMin, List<Float> featureMax, double rangeMargin) {
    public static final String DISAGREEMENT = "edge_cloud_disagreement";
    public static final String TARGET_RATE = "target_escalation_rate";

    public Calibration {
        Checks.check(DISAGREEMENT.equals(method) || TARGET_RATE.equals(method), "method",
                DISAGREEMENT + " or " + TARGET_RATE, Checks.quote(method));
        Checks.check(bandBelow >= 0 && Double.isFinite(bandBelow), "bandBelow", "a finite number >= 0", bandBelow);
        Checks.check(bandAbove >= 0 && Double.isFinite(bandAbove), "bandAbove", "a finite number >= 0", bandAbove);
        Checks.nonNegative(heldOutWindows, "heldOutWindows");
        Checks.inRange(escalationRate, 0, 1, "escalationRate");
        Checks.check(Double.isNaN(disagreementCovered) || (disagreementCovered >= 0 && disagreementCovered <= 1),
                "disagreementCovered", "in [0, 1] or NaN", disagreementCovered);
        featureMin = Checks.immutable(featureMin, "featureMin");
        featureMax = Checks.immutable(featureMax, "featureMax");
        Checks.check(featureMin.size() == featureMax.size(), "featureMax", "as long as featureMin (" + featureMin.size() + ")",
                featureMax.size());
        for (int i = 0; i < featureMin.size(); i++) {
            Checks.check(featureMin.get(i) != null && featureMax.get(i) != null && featureMin.get(i) <= featureMax.get(i),
                    "featureMax[" + i + "]", ">= featureMin[" + i + "] (" + featureMin.get(i) + ")", featureMax.get(i));
        }
        Checks.check(rangeMargin >= 0 && Double.isFinite(rangeMargin), "rangeMargin", "a finite number >= 0", rangeMargin);
    }

    /** The first feature outside the calibrated range, as {@code "features[3] = 9.1 outside [-2.0, 4.5]"}, or null. */
    public String outOfRange(float[] features, int offset, int size) {
        int n = Math.min(size, featureMin.size());
        for (int i = 0; i < n; i++) {
            float lo = featureMin.get(i);
            float hi = featureMax.get(i);
            double pad = rangeMargin * Math.max(hi - lo, 1e-6);
            float v = features[offset + i];
            if (v < lo - pad || v > hi + pad) {
                return String.format(java.util.Locale.ROOT, "features[%d] = %.4g outside [%.4g, %.4g] (training range %.4g..%.4g)",
                        i, v, lo - pad, hi + pad, lo, hi);
            }
        }
        return null;
    }
}
