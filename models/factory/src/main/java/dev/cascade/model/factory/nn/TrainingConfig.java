package dev.cascade.model.factory.nn;

import java.util.List;

/**
 * How to train a dense network.
 *
 * @param hidden hidden layer widths, e.g. {@code [16, 8, 16]} for an autoencoder
 * @param epochs passes over the training data
 * @param batchSize examples per Adam step
 * @param learningRate Adam step size
 * @param weightDecay L2 penalty on weights (0 for none)
 * @param seed seeds weight initialisation and shuffling: the same seed and data give the same bytes
 */
public record TrainingConfig(List<Integer> hidden, int epochs, int batchSize, double learningRate, double weightDecay,
        long seed) {
    public TrainingConfig {
        hidden = List.copyOf(hidden);
        for (int i = 0; i < hidden.size(); i++) {
            if (hidden.get(i) <= 0) {
                throw new IllegalArgumentException("hidden[" + i + "] must be > 0, was " + hidden.get(i));
            }
        }
        if (epochs <= 0) {
            throw new IllegalArgumentException("epochs must be > 0, was " + epochs);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be > 0, was " + batchSize);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, was " + learningRate);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be a finite number >= 0, was " + weightDecay);
        }
    }

    public TrainingConfig withEpochs(int newEpochs) {
        return new TrainingConfig(hidden, newEpochs, batchSize, learningRate, weightDecay, seed);
    }

    public TrainingConfig withSeed(long newSeed) {
        return new TrainingConfig(hidden, epochs, batchSize, learningRate, weightDecay, newSeed);
    }
}
