package dev.cascade.model.tensor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cascade.checks.Checks;
import dev.cascade.model.internal.FloatLists;
import java.util.List;

/**
 * Affine quantisation of a tensor: {@code real = scale * (q - zeroPoint)}, either one scale for the whole
 * tensor or one per channel along {@code axis}. The {@link #NONE} value marks a float tensor.
 *
 * @param scales one scale (per tensor) or one per channel; empty for none
 * @param zeroPoints as many zero points as scales
 * @param axis the channel dimension for per-channel quantisation; 0 otherwise
 */
public record Quantization(List<Float> scales, List<Integer> zeroPoints, int axis) {
    /** No quantisation: a float (or plain integer) tensor. */
    public static final Quantization NONE = new Quantization(List.of(), List.of(), 0);

    public Quantization {
        scales = Checks.immutable(scales, "quantization.scales");
        zeroPoints = Checks.immutable(zeroPoints, "quantization.zeroPoints");
        Checks.check(scales.size() == zeroPoints.size(), "quantization.zeroPoints",
                "as many as scales (" + scales.size() + ")", zeroPoints.size());
        for (int i = 0; i < scales.size(); i++) {
            float s = scales.get(i);
            Checks.check(s > 0 && Float.isFinite(s), "quantization.scales[" + i + "]", "a finite number > 0", s);
        }
        Checks.nonNegative(axis, "quantization.axis");
    }

    /** One scale and zero point for the whole tensor. */
    public static Quantization perTensor(float scale, int zeroPoint) {
        return new Quantization(List.of(scale), List.of(zeroPoint), 0);
    }

    /** One scale and zero point per channel along {@code axis}; the arrays are copied. */
    public static Quantization perChannel(float[] scales, int[] zeroPoints, int axis) {
        return new Quantization(FloatLists.of(scales), FloatLists.of(zeroPoints), axis);
    }

    @JsonIgnore
    public boolean isQuantized() {
        return !scales.isEmpty();
    }

    @JsonIgnore
    public boolean isPerChannel() {
        return scales.size() > 1;
    }

    /** The per-tensor scale; fails for per-channel or no quantisation. */
    @JsonIgnore
    public float scale() {
        requirePerTensor();
        return scales.get(0);
    }

    /** The per-tensor zero point; fails for per-channel or no quantisation. */
    @JsonIgnore
    public int zeroPoint() {
        requirePerTensor();
        return zeroPoints.get(0);
    }

    private void requirePerTensor() {
        if (scales.size() != 1) {
            throw new IllegalStateException("quantization must be per-tensor, was "
                    + (scales.isEmpty() ? "none" : scales.size() + " channels"));
        }
    }

    @Override
    public String toString() {
        if (!isQuantized()) {
            return "none";
        }
        if (!isPerChannel()) {
            return "scale=" + scales.get(0) + " zeroPoint=" + zeroPoints.get(0);
        }
        return "per-channel(axis=" + axis + ", " + scales.size() + " scales)";
    }
}
