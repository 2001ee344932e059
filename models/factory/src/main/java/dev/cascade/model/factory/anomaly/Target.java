package dev.cascade.model.factory.anomaly;

/** Where a trained model runs, which decides its file format and numeric type. */
public enum Target {
    /** int8 {@code .tflite} for the edge agent. */
    EDGE("edge"),
    /** float {@code .onnx} for the cloud workers. */
    CLOUD("cloud");

    private final String suffix;

    Target(String suffix) {
        this.suffix = suffix;
    }

    /** The model name suffix, {@code edge} or {@code cloud}. */
    public String suffix() {
        return suffix;
    }
}
