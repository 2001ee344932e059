package dev.cascade.model.tflite;

/**
 * How to run a TFLite model.
 *
 * @param threads interpreter threads (1 on the edge: one core per model)
 * @param xnnpack use the XNNPACK delegate (default op resolver); false runs the builtin kernels only
 */
public record TfliteOptions(int threads, boolean xnnpack) {
    /** One thread, XNNPACK. */
    public static final TfliteOptions DEFAULT = new TfliteOptions(1, true);

    public TfliteOptions {
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be in [1, 64], was " + threads);
        }
    }
}
