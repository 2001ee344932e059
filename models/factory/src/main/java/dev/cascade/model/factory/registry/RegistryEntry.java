package dev.cascade.model.factory.registry;

/**
 * One version of one model in a registry, as listed.
 *
 * @param name model name
 * @param version model version
 * @param task {@code anomaly} or {@code forecast}, empty if the bundle is broken
 * @param format {@code tflite} or {@code onnx}, empty if the bundle is broken
 * @param sizeBytes model file size, 0 if broken
 * @param signed whether a signature file is present (not whether it verifies)
 * @param promoted whether this is the model's promoted (current) version
 * @param problem why the bundle is unusable, empty when it loads
 */
public record RegistryEntry(String name, String version, String task, String format, long sizeBytes, boolean signed,
        boolean promoted, String problem) {}
