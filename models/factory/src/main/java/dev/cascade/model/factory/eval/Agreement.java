package dev.cascade.model.factory.eval;

import java.util.Locale;

/**
 * How closely a quantised model follows its float twin on the same windows.
 *
 * @param aucInt8 AUC of the int8 model
 * @param aucFloat AUC of the float twin
 * @param decisionAgreement share of windows on which both decide the same at their own thresholds
 */
public record Agreement(double aucInt8, double aucFloat, double decisionAgreement) {

    /** Compares two score sets on the same labelled windows. */
    public static Agreement of(float[] int8, double int8Threshold, float[] fp, double floatThreshold,
            boolean[] labels) {
        int same = 0;
        for (int i = 0; i < int8.length; i++) {
            if ((int8[i] > int8Threshold) == (fp[i] > floatThreshold)) {
                same++;
            }
        }
        return new Agreement(RocAuc.of(int8, labels), RocAuc.of(fp, labels), (double) same / int8.length);
    }

    /** aucInt8 - aucFloat. */
    public double aucDelta() {
        return aucInt8 - aucFloat;
    }

    public String toText() {
        return String.format(Locale.ROOT, "int8 AUC %.4f, float AUC %.4f, delta %+.4f, same decision on %.2f%%",
                aucInt8, aucFloat, aucDelta(), 100 * decisionAgreement);
    }
}
