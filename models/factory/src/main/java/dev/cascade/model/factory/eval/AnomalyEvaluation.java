package dev.cascade.model.factory.eval;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How well an anomaly model separates labelled windows, measured through its real runtime.
 *
 * @param model {@code name@version}
 * @param backend the runtime that ran it
 * @param windows windows scored
 * @param positives anomalous windows among them
 * @param auc ROC AUC of the scores
 * @param threshold the manifest's threshold
 * @param atThreshold decisions at that threshold
 * @param sizeBytes model file size
 * @param invokeMicros median time of one single-window run, microseconds (a rough in-process figure; JMH
 *     benchmarks give the careful one)
 */
public record AnomalyEvaluation(String model, String backend, int windows, int positives, double auc,
        double threshold, ConfusionMatrix atThreshold, long sizeBytes, double invokeMicros) {

    /** The figures for a model card. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new TreeMap<>();
        m.put("auc", auc);
        m.put("precision", atThreshold.precision());
        m.put("recall", atThreshold.recall());
        m.put("falseAlarmRate", atThreshold.falseAlarmRate());
        m.put("evalWindows", (double) windows);
        return m;
    }

    public String toText() {
        return String.format(Locale.ROOT, "model:        %s on %s%n"
                + "windows:      %d (%d anomalous)%n"
                + "ROC AUC:      %.4f%n"
                + "threshold:    %.6g%n"
                + "precision:    %.4f%nrecall:       %.4f%nfalse alarms: %.4f%n"
                + "confusion at the threshold:%n%s%n"
                + "size:         %d bytes%n"
                + "invoke:       %.1f us (median, one window)%n",
                model, backend, windows, positives, auc, threshold, atThreshold.precision(), atThreshold.recall(),
                atThreshold.falseAlarmRate(), atThreshold, sizeBytes, invokeMicros);
    }
}
