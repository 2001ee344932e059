package dev.cascade.model.factory.registry;

import dev.cascade.model.bundle.ModelTask;

/**
 * What {@code cascade model import} needs to write a manifest for a model made elsewhere, when no manifest is
 * given: the model's input is taken as it is ({@code identity} features of the input's size).
 *
 * @param name model name
 * @param version model version
 * @param task anomaly (score = reconstruction MSE of the input) or forecast (score = output 0)
 * @param sampleRateHz frames per second of the windows it is fed
 * @param threshold decision threshold on the score
 * @param source where the model came from, for the model card
 */
public record ImportOptions(String name, String version, ModelTask task, double sampleRateHz, double threshold,
        String source) {
    public ImportOptions {
        if (task == null) {
            throw new IllegalArgumentException("task must not be null");
        }
        if (!(sampleRateHz > 0)) {
            throw new IllegalArgumentException("sampleRateHz must be > 0, was " + sampleRateHz);
        }
        if (!Double.isFinite(threshold)) {
            throw new IllegalArgumentException("threshold must be finite, was " + threshold);
        }
    }
}
