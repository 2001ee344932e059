package dev.cascade.model.factory.quant;

import dev.cascade.model.factory.nn.Activation;
import dev.cascade.model.factory.nn.DenseLayer;
import dev.cascade.model.factory.nn.Mlp;
import java.util.ArrayList;
import java.util.List;

/**
 * Post-training int8 quantisation from calibration data: the float model runs over the calibration examples,
 * each activation's observed [min, max] (widened to hold 0) gives an asymmetric int8 scale and zero point;
 * weights are symmetric int8 in [-127, 127], per tensor or per output channel; biases int32 with scale
 * {@code s_in * s_w}.
 */
public final class Int8Quantizer {
    private Int8Quantizer() {}

    /** Quantises {@code model} with activation ranges observed on {@code calibration}. */
    public static QuantizedMlp quantize(Mlp model, float[][] calibration, boolean perChannel) {
        if (calibration.length == 0) {
            throw new IllegalArgumentException("calibration data must not be empty");
        }
        int layers = model.layers().size();
        float[] min = new float[layers + 1];
        float[] max = new float[layers + 1];
        for (float[] x : calibration) {
            if (x.length != model.inputSize()) {
                throw new IllegalArgumentException("calibration examples must have length " + model.inputSize()
                        + ", was " + x.length);
            }
            for (float v : x) {
                min[0] = Math.min(min[0], v);
                max[0] = Math.max(max[0], v);
            }
            float[][] acts = model.activations(x, 0);
            for (int l = 0; l < layers; l++) {
                for (float v : acts[l]) {
                    min[l + 1] = Math.min(min[l + 1], v);
                    max[l + 1] = Math.max(max[l + 1], v);
                }
            }
        }
        List<QuantizedLayer> out = new ArrayList<>(layers);
        for (int l = 0; l < layers; l++) {
            DenseLayer d = model.layers().get(l);
            float[] inQ = affine(min[l], max[l]);
            float[] outQ = affine(min[l + 1], max[l + 1]);
            float inScale = inQ[0];
            int inZp = (int) inQ[1];
            float[] w = d.weights();
            float[] b = d.bias();
            int rows = d.outputs();
            int cols = d.inputs();
            float[] wScales = new float[perChannel ? rows : 1];
            for (int o = 0; o < rows; o++) {
                float m = 0;
                for (int i = 0; i < cols; i++) {
                    m = Math.max(m, Math.abs(w[o * cols + i]));
                }
                int s = perChannel ? o : 0;
                wScales[s] = Math.max(wScales[s], m);
            }
            for (int s = 0; s < wScales.length; s++) {
                wScales[s] = wScales[s] > 0 ? wScales[s] / 127f : 1e-8f;
            }
            byte[] qw = new byte[w.length];
            int[] qb = new int[rows];
            for (int o = 0; o < rows; o++) {
                float ws = wScales[perChannel ? o : 0];
                for (int i = 0; i < cols; i++) {
                    qw[o * cols + i] = (byte) Math.max(-127, Math.min(127, Math.round(w[o * cols + i] / ws)));
                }
                double biasScale = (double) inScale * ws;
                qb[o] = (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, Math.round(b[o] / biasScale)));
            }
            out.add(new QuantizedLayer(cols, rows, qw, wScales, qb, inScale, inZp, outQ[0], (int) outQ[1],
                    d.activation() == Activation.RELU));
        }
        return new QuantizedMlp(out);
    }

    /** {scale, zeroPoint} of asymmetric int8 covering [min, max] widened to hold 0. */
    static float[] affine(float min, float max) {
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        if (hi - lo < 1e-6f) {
            hi = lo + 1e-6f;
        }
        float scale = (hi - lo) / 255f;
        long zp = Math.round(-128 - lo / scale);
        zp = Math.max(-128, Math.min(127, zp));
        return new float[] {scale, zp};
    }
}
