package dev.cascade.model.runtime;

import dev.cascade.model.tensor.TensorSpec;
import java.util.List;

/**
 * Runs one loaded model on float inputs and gives float outputs. Quantised models quantise the input and
 * dequantise the output with the scale and zero point in the model file.
 *
 * <p>Not thread-safe: one runner per thread. Owns native memory: must be closed.
 */
public interface ModelRunner extends AutoCloseable {

    /** The model's input tensors, as read from the file. */
    List<TensorSpec> inputs();

    /** The model's output tensors, as read from the file. */
    List<TensorSpec> outputs();

    /** Values in one input example ({@code inputs().get(0).exampleSize()}). */
    default int inputSize() {
        return inputs().get(0).exampleSize();
    }

    /** Values in one output example ({@code outputs().get(0).exampleSize()}). */
    default int outputSize() {
        return outputs().get(0).exampleSize();
    }

    /**
     * Runs one example: reads {@link #inputSize()} values from {@code input} and writes {@link #outputSize()}
     * values to {@code output}.
     */
    void run(float[] input, float[] output);

    /**
     * Runs {@code n} examples stacked row-major in {@code inputs} ({@code n * inputSize()} values) and writes
     * {@code n * outputSize()} values to {@code outputs}.
     */
    void runBatch(float[] inputs, int n, float[] outputs);

    /** Which runtime and accelerator runs the model, e.g. {@code tflite/xnnpack} or {@code onnxruntime/cuda}. */
    String backend();

    /** Releases the native model and interpreter; the runner cannot be used after. */
    @Override
    void close();
}
