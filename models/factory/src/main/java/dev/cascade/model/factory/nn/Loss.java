package dev.cascade.model.factory.nn;

/** What training minimises, per example averaged over outputs. */
public enum Loss {
    /** Mean squared error (autoencoders: reconstruction error). */
    MSE,
    /** Mean absolute error: forecasts the conditional median, which is what an MAE target rewards. */
    MAE;

    /** Loss of one output difference. */
    public double of(double diff) {
        return this == MSE ? diff * diff : Math.abs(diff);
    }

    /** d loss / d output for one output difference, before averaging. */
    float gradient(float diff) {
        return this == MSE ? 2f * diff : Math.signum(diff);
    }
}
