package dev.cascade.model.factory.irrigation;

import dev.cascade.model.factory.eval.ConfusionMatrix;
import java.util.Map;
import java.util.TreeMap;

/**
 * How good moisture forecasts are: MAE of the model and of persistence, and the irrigate-or-not decision
 * against what the moisture really did.
 *
 * @param examples how many forecasts
 * @param maeModel mean absolute error of the model, moisture %
 * @param maePersistence mean absolute error of "moisture stays as it is", moisture %
 * @param decisions irrigate (forecast below the level) against actual moisture below the level
 */
public record ForecastReport(int examples, double maeModel, double maePersistence, ConfusionMatrix decisions) {

    /** Compares forecasts with what happened. */
    public static ForecastReport of(float[] forecast, float[] actual, float[] persistence, double irrigateBelow) {
        double mae = 0;
        double maeP = 0;
        boolean[] dry = new boolean[actual.length];
        for (int i = 0; i < actual.length; i++) {
            mae += Math.abs(forecast[i] - actual[i]);
            maeP += Math.abs(persistence[i] - actual[i]);
            dry[i] = actual[i] < irrigateBelow;
        }
        return new ForecastReport(actual.length, mae / actual.length, maeP / actual.length,
                ConfusionMatrix.at(forecast, dry, irrigateBelow, false));
    }

    /** 1 - maeModel / maePersistence: above 0 when the model beats persistence. */
    public double skill() {
        return maePersistence == 0 ? 0 : 1 - maeModel / maePersistence;
    }

    /** The figures for a model card. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new TreeMap<>();
        m.put("maeModel", maeModel);
        m.put("maePersistence", maePersistence);
        m.put("skillVsPersistence", skill());
        m.put("irrigatePrecision", decisions.precision());
        m.put("irrigateRecall", decisions.recall());
        m.put("decisionAccuracy", decisions.accuracy());
        return m;
    }
}
