package dev.cascade.model.factory.nn;

import java.util.Arrays;

/**
 * One fully connected layer {@code y = act(W x + b)} with {@code W} stored row-major as [outputs][inputs]
 * (the layout TFLite FULLY_CONNECTED and ONNX Gemm with transB=1 use). Immutable.
 */
public final class DenseLayer {
    private final int inputs;
    private final int outputs;
    private final float[] weights;
    private final float[] bias;
    private final Activation activation;

    public DenseLayer(int inputs, int outputs, float[] weights, float[] bias, Activation activation) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException("layer size must be > 0, was " + inputs + "x" + outputs);
        }
        if (weights.length != inputs * outputs) {
            throw new IllegalArgumentException("weights must have length " + inputs * outputs + ", was "
                    + weights.length);
        }
        if (bias.length != outputs) {
            throw new IllegalArgumentException("bias must have length " + outputs + ", was " + bias.length);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.weights = weights.clone();
        this.bias = bias.clone();
        this.activation = activation;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public Activation activation() {
        return activation;
    }

    /** A copy of the weights, row-major [outputs][inputs]. */
    public float[] weights() {
        return weights.clone();
    }

    /** A copy of the bias. */
    public float[] bias() {
        return bias.clone();
    }

    float weight(int o, int i) {
        return weights[o * inputs + i];
    }

    /** {@code out[0, outputs) = act(W x[off, off+inputs) + b)}. */
    public void forward(float[] x, int off, float[] out) {
        for (int o = 0; o < outputs; o++) {
            float acc = bias[o];
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                acc += weights[row + i] * x[off + i];
            }
            out[o] = activation == Activation.RELU && acc < 0 ? 0f : acc;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DenseLayer && ((DenseLayer) o).activation == activation
                && Arrays.equals(((DenseLayer) o).weights, weights) && Arrays.equals(((DenseLayer) o).bias, bias);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(weights) + Arrays.hashCode(bias);
    }
}
