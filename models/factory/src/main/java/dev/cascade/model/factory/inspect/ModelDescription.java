package dev.cascade.model.factory.inspect;

import dev.cascade.model.tensor.TensorSpec;
import java.util.List;
import java.util.Map;

/**
 * What a model file holds, as {@code cascade model inspect} prints it.
 *
 * @param format {@code tflite} or {@code onnx}
 * @param sizeBytes file size
 * @param sha256 file checksum
 * @param producer who wrote it (TFLite description or ONNX producer), may be empty
 * @param version TFLite schema version or ONNX IR version and opsets
 * @param inputs graph inputs
 * @param outputs graph outputs
 * @param operators operator name (with version for TFLite) to count
 * @param tensors every tensor of the graph (TFLite: all; ONNX: initializers)
 * @param parameters number of constant values (weights and biases)
 */
public record ModelDescription(String format, long sizeBytes, String sha256, String producer, String version,
        List<TensorSpec> inputs, List<TensorSpec> outputs, Map<String, Integer> operators, List<TensorSpec> tensors,
        long parameters) {

    public ModelDescription {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        operators = Map.copyOf(operators);
        tensors = List.copyOf(tensors);
    }

    /** A human-readable report. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("format:     ").append(format).append(" (").append(version).append(")\n");
        sb.append("size:       ").append(sizeBytes).append(" bytes, sha256 ").append(sha256).append('\n');
        if (!producer.isEmpty()) {
            sb.append("producer:   ").append(producer).append('\n');
        }
        sb.append("parameters: ").append(parameters).append('\n');
        sb.append("inputs:\n");
        inputs.forEach(t -> sb.append("  ").append(t).append('\n'));
        sb.append("outputs:\n");
        outputs.forEach(t -> sb.append("  ").append(t).append('\n'));
        sb.append("operators:\n");
        new java.util.TreeMap<>(operators).forEach((k, v) -> sb.append("  ").append(k).append(" x").append(v)
                .append('\n'));
        sb.append("tensors (").append(tensors.size()).append("):\n");
        tensors.forEach(t -> sb.append("  ").append(t).append('\n'));
        return sb.toString();
    }
}
