package dev.cascade.model.factory.quant;

import dev.cascade.model.tensor.QuantMath;
import java.util.List;

/**
 * An int8 dense network: the Java reference of what the exported {@code .tflite} computes. Immutable.
 */
public final class QuantizedMlp {
    private final List<QuantizedLayer> layers;

    QuantizedMlp(List<QuantizedLayer> layers) {
        this.layers = List.copyOf(layers);
    }

    public List<QuantizedLayer> layers() {
        return layers;
    }

    public int inputSize() {
        return layers.get(0).inputs;
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputs;
    }

    public float inputScale() {
        return layers.get(0).inputScale;
    }

    public int inputZeroPoint() {
        return layers.get(0).inputZeroPoint;
    }

    public float outputScale() {
        return layers.get(layers.size() - 1).outputScale;
    }

    public int outputZeroPoint() {
        return layers.get(layers.size() - 1).outputZeroPoint;
    }

    /** Bytes of weights and biases (int8 weights, int32 biases). */
    public int parameterBytes() {
        int n = 0;
        for (QuantizedLayer l : layers) {
            n += l.weights.length + 4 * l.bias.length;
        }
        return n;
    }

    /** Runs int8 in, int8 out. */
    public void runQuantized(byte[] in, byte[] out) {
        byte[] x = in;
        for (int l = 0; l < layers.size(); l++) {
            byte[] y = l == layers.size() - 1 ? out : new byte[layers.get(l).outputs];
            layers.get(l).forward(x, y);
            x = y;
        }
    }

    /** Quantises {@code x}, runs, dequantises into {@code y} (as a TFLite runner does around the int8 model). */
    public void run(float[] x, float[] y) {
        byte[] q = new byte[inputSize()];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) QuantMath.quantize(x[i], inputScale(), inputZeroPoint(), -128, 127);
        }
        byte[] out = new byte[outputSize()];
        runQuantized(q, out);
        for (int i = 0; i < out.length; i++) {
            y[i] = QuantMath.dequantize(out[i], outputScale(), outputZeroPoint());
        }
    }
}
