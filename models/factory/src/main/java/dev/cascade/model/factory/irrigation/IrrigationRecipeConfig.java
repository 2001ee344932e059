package dev.cascade.model.factory.irrigation;

import dev.cascade.model.factory.nn.Loss;
import dev.cascade.model.factory.nn.TrainingConfig;
import java.util.List;

/**
 * Settings of the irrigation recipe: a soil history in, moisture at a horizon out, irrigate below a level.
 *
 * @param name base model name; the models are {@code <name>-edge} and {@code <name>-cloud}
 * @param sampleRateHz frames per second of the soil series (1/900 for one frame every 15 minutes)
 * @param historySteps frames of history the model sees
 * @param channels channels per frame: 1 (moisture), 2 (+ temperature) or 3 (+ rain)
 * @param horizonSteps how many frames after the last one the forecast is for
 * @param irrigateBelowPercent irrigate when the forecast moisture is below this (the manifest threshold)
 * @param stride frames between the starts of consecutive training examples
 * @param edgeTraining edge network and optimiser settings
 * @param cloudTraining cloud network and optimiser settings
 * @param holdoutFraction the most recent share of the examples, held out for validation and metrics
 * @param perChannel per-channel int8 weights for the edge model
 */
public record IrrigationRecipeConfig(
        String name,
        double sampleRateHz,
        int historySteps,
        int channels,
        int horizonSteps,
        double irrigateBelowPercent,
        int stride,
        TrainingConfig edgeTraining,
        TrainingConfig cloudTraining,
        double holdoutFraction,
        boolean perChannel) {

    public IrrigationRecipeConfig {
        if (name == null || !name.matches("[a-z0-9][a-z0-9._-]{0,57}")) {
            throw new IllegalArgumentException("name must be 1-58 characters of [a-z0-9._-], was " + name);
        }
        if (!(sampleRateHz > 0)) {
            throw new IllegalArgumentException("sampleRateHz must be > 0, was " + sampleRateHz);
        }
        if (historySteps < 2) {
            throw new IllegalArgumentException("historySteps must be >= 2, was " + historySteps);
        }
        if (channels < 1 || channels > 3) {
            throw new IllegalArgumentException("channels must be in [1, 3], was " + channels);
        }
        if (horizonSteps < 1) {
            throw new IllegalArgumentException("horizonSteps must be >= 1, was " + horizonSteps);
        }
        if (!Double.isFinite(irrigateBelowPercent)) {
            throw new IllegalArgumentException("irrigateBelowPercent must be finite, was " + irrigateBelowPercent);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, was " + stride);
        }
        if (!(holdoutFraction > 0 && holdoutFraction < 1)) {
            throw new IllegalArgumentException("holdoutFraction must be in (0, 1), was " + holdoutFraction);
        }
    }

    /** 15-minute frames, 12 h of history (48 x 3 channels), a 6 h horizon, irrigate below 20 %. */
    public static IrrigationRecipeConfig defaults() {
        return new IrrigationRecipeConfig("irrigation", 1.0 / 900, 48, 3, 24, 20.0, 2,
                new TrainingConfig(List.of(32, 16), 40, 32, 2e-3, 0, 44, Loss.MAE),
                new TrainingConfig(List.of(96, 48, 24), 40, 32, 1e-3, 0, 45, Loss.MAE),
                0.2, false);
    }

    public IrrigationRecipeConfig withEpochs(int epochs) {
        return new IrrigationRecipeConfig(name, sampleRateHz, historySteps, channels, horizonSteps,
                irrigateBelowPercent, stride, edgeTraining.withEpochs(epochs), cloudTraining.withEpochs(epochs),
                holdoutFraction, perChannel);
    }
}
