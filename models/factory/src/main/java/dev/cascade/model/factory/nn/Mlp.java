package dev.cascade.model.factory.nn;

import java.util.List;

/** A float multi-layer perceptron: dense layers applied in order. Immutable; forward passes are thread-safe. */
public final class Mlp {
    private final List<DenseLayer> layers;

    public Mlp(List<DenseLayer> layers) {
        if (layers == null || layers.isEmpty()) {
            throw new IllegalArgumentException("layers must not be empty");
        }
        for (int l = 1; l < layers.size(); l++) {
            if (layers.get(l).inputs() != layers.get(l - 1).outputs()) {
                throw new IllegalArgumentException("layers[" + l + "].inputs must be " + layers.get(l - 1).outputs()
                        + ", was " + layers.get(l).inputs());
            }
        }
        this.layers = List.copyOf(layers);
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.get(0).inputs();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** Weights plus biases. */
    public int parameterCount() {
        int n = 0;
        for (DenseLayer l : layers) {
            n += l.inputs() * l.outputs() + l.outputs();
        }
        return n;
    }

    /** Layer widths, input first, e.g. {@code [32, 16, 8, 16, 32]}. */
    public int[] widths() {
        int[] w = new int[layers.size() + 1];
        w[0] = inputSize();
        for (int l = 0; l < layers.size(); l++) {
            w[l + 1] = layers.get(l).outputs();
        }
        return w;
    }

    /** Runs one example; allocates scratch per call (use for evaluation, not hot paths). */
    public void forward(float[] x, float[] out) {
        float[][] acts = activations(x, 0);
        System.arraycopy(acts[acts.length - 1], 0, out, 0, outputSize());
    }

    /** Every layer's output for one example (index l = output of layer l). */
    public float[][] activations(float[] x, int off) {
        float[][] acts = new float[layers.size()][];
        float[] in = x;
        int inOff = off;
        for (int l = 0; l < layers.size(); l++) {
            acts[l] = new float[layers.get(l).outputs()];
            layers.get(l).forward(in, inOff, acts[l]);
            in = acts[l];
            inOff = 0;
        }
        return acts;
    }
}
