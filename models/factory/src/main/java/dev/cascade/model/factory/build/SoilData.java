package dev.cascade.model.factory.build;

import dev.cascade.model.factory.irrigation.IrrigationRecipeConfig;
import dev.cascade.model.factory.irrigation.SoilExamples;

/** Soil histories of one soil to train and evaluate irrigation models on (the farm simulator, wired in by the caller). */
public interface SoilData {
    /** The soil's name, for logs and model cards. */
    String soil();

    /** The moisture % below which the soil should be watered. */
    double irrigateBelowPercent();

    /** Examples from {@code zones} zones of {@code days} days each, shaped by {@code cfg}; deterministic per seed. */
    SoilExamples examples(int zones, int days, long seed, IrrigationRecipeConfig cfg);
}
