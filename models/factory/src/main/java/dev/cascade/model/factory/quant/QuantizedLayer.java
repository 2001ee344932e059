package dev.cascade.model.factory.quant;

/**
 * One int8 fully connected layer: symmetric int8 weights (per tensor or per output channel), int32 bias with
 * scale {@code inputScale * weightScale}, int8 input and output with scale and zero point.
 */
public final class QuantizedLayer {
    final int inputs;
    final int outputs;
    final byte[] weights;
    final float[] weightScales;
    final int[] bias;
    final float inputScale;
    final int inputZeroPoint;
    final float outputScale;
    final int outputZeroPoint;
    final boolean relu;
    private final float[] requantScale;
    private final float clampLow;
    private final float clampHigh;

    QuantizedLayer(int inputs, int outputs, byte[] weights, float[] weightScales, int[] bias, float inputScale,
            int inputZeroPoint, float outputScale, int outputZeroPoint, boolean relu) {
        this.inputs = inputs;
        this.outputs = outputs;
        this.weights = weights;
        this.weightScales = weightScales;
        this.bias = bias;
        this.inputScale = inputScale;
        this.inputZeroPoint = inputZeroPoint;
        this.outputScale = outputScale;
        this.outputZeroPoint = outputZeroPoint;
        this.relu = relu;
        this.requantScale = new float[outputs];
        for (int o = 0; o < outputs; o++) {
            // Computed in float, in this order, as XNNPACK does.
            requantScale[o] = inputScale * weightScale(o) / outputScale;
        }
        int qmin = relu ? Math.max(-128, outputZeroPoint) : -128;
        this.clampLow = qmin - outputZeroPoint;
        this.clampHigh = 127 - outputZeroPoint;
    }

    public int inputs() {
        return inputs;
    }

    public int outputs() {
        return outputs;
    }

    public boolean relu() {
        return relu;
    }

    public boolean perChannel() {
        return weightScales.length > 1;
    }

    /** The scale of output channel {@code o}'s weights. */
    public float weightScale(int o) {
        return weightScales.length == 1 ? weightScales[0] : weightScales[o];
    }

    /** A copy of the int8 weights, row-major [outputs][inputs]. */
    public byte[] weights() {
        return weights.clone();
    }

    /** A copy of the weight scales (one, or one per output channel). */
    public float[] weightScales() {
        return weightScales.clone();
    }

    /** A copy of the int32 bias. */
    public int[] bias() {
        return bias.clone();
    }

    public float inputScale() {
        return inputScale;
    }

    public int inputZeroPoint() {
        return inputZeroPoint;
    }

    public float outputScale() {
        return outputScale;
    }

    public int outputZeroPoint() {
        return outputZeroPoint;
    }

    /** Integer forward pass: int32 accumulation, float requantisation with round-to-nearest-even (XNNPACK). */
    void forward(byte[] in, byte[] out) {
        for (int o = 0; o < outputs; o++) {
            int acc = bias[o];
            int row = o * inputs;
            for (int i = 0; i < inputs; i++) {
                acc += (in[i] - inputZeroPoint) * weights[row + i];
            }
            float fp = (float) acc * requantScale[o];
            fp = Math.max(fp, clampLow);
            fp = Math.min(fp, clampHigh);
            out[o] = (byte) ((int) Math.rint(fp) + outputZeroPoint);
        }
    }
}
