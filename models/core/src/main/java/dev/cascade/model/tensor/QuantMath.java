package dev.cascade.model.tensor;

/** Affine quantisation arithmetic, rounding exactly as TFLite's reference kernels do. */
public final class QuantMath {
    private QuantMath() {}

    /** {@code clamp(round(x / scale) + zeroPoint, qmin, qmax)}, rounding half away from zero like std::round. */
    public static int quantize(float x, float scale, int zeroPoint, int qmin, int qmax) {
        float v = x / scale;
        int r = v >= 0 ? Math.round(v) : -Math.round(-v);
        long q = (long) r + zeroPoint;
        return (int) Math.max(qmin, Math.min(qmax, q));
    }

    /** {@code scale * (q - zeroPoint)}. */
    public static float dequantize(int q, float scale, int zeroPoint) {
        return scale * (q - zeroPoint);
    }

    /** The smallest value of a quantised type. */
    public static int min(DType type) {
        switch (type) {
            case INT8:
                return -128;
            case UINT8:
                return 0;
            case INT16:
                return -32768;
            default:
                throw new IllegalArgumentException("dtype must be int8, uint8 or int16, was " + type.wireName());
        }
    }

    /** The largest value of a quantised type. */
    public static int max(DType type) {
        switch (type) {
            case INT8:
                return 127;
            case UINT8:
                return 255;
            case INT16:
                return 32767;
            default:
                throw new IllegalArgumentException("dtype must be int8, uint8 or int16, was " + type.wireName());
        }
    }
}
