package dev.cascade.model.factory.nn;

/** Hears about training progress (called on the training thread). */
@FunctionalInterface
public interface ProgressListener {
    /** Ignores progress. */
    ProgressListener NONE = p -> { };

    /** One epoch finished. */
    void onEpoch(EpochProgress progress);

    /**
     * Progress after one epoch.
     *
     * @param model which model is training (e.g. {@code vibration-anomaly-edge})
     * @param epoch 1-based epoch just finished
     * @param epochs total epochs
     * @param trainLoss mean training loss of the epoch
     * @param validationLoss mean loss on held-out data (NaN if none)
     */
    record EpochProgress(String model, int epoch, int epochs, double trainLoss, double validationLoss) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s epoch %d/%d train loss %.5f validation loss %.5f", model,
                    epoch, epochs, trainLoss, validationLoss);
        }
    }
}
