package dev.cascade.model.factory.build;

/** Vibration windows to train and evaluate anomaly models on (the factory simulator, wired in by the caller). */
public interface VibrationData {
    /** Labelled windows: {@code anomalous[i]} is true for a window of a faulty machine. */
    record Labelled(float[][] windows, boolean[] anomalous) {
        public Labelled {
            if (windows.length != anomalous.length) {
                throw new IllegalArgumentException("anomalous must have one label per window (" + windows.length
                        + "), was " + anomalous.length);
            }
        }
    }

    /** Samples per second of every window. */
    double sampleRateHz();

    /** Samples in every window. */
    int windowSize();

    /** A short description of where the windows come from, for the model card. */
    String source();

    /** {@code machines * perMachine} windows of healthy machines; the same seed gives the same windows. */
    float[][] normal(int machines, int perMachine, long seed);

    /** Healthy windows plus {@code perFault} windows of faulty machines for every fault type and severity. */
    Labelled labelled(int normalMachines, int normalPerMachine, int perFault, double[] severities, long seed);
}
