package dev.cascade.model.tensor;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cascade.checks.Checks;
import java.util.List;

/**
 * Name, element type, shape and quantisation of one model input or output.
 *
 * @param name the tensor's name in the model file
 * @param dtype element type
 * @param shape dimensions; {@code -1} marks a dynamic dimension (usually the batch)
 * @param quantization how integer values map to reals; {@link Quantization#NONE} for float tensors
 */
public record TensorSpec(String name, DType dtype, List<Integer> shape, Quantization quantization) {
    public TensorSpec {
        Checks.notNull(name, "tensor.name");
        Checks.notNull(dtype, "tensor.dtype");
        shape = Checks.immutable(shape, "tensor.shape");
        for (int i = 0; i < shape.size(); i++) {
            int d = shape.get(i);
            Checks.check(d == -1 || d >= 0, "tensor.shape[" + i + "]", ">= 0 or -1 (dynamic)", d);
        }
        quantization = quantization == null ? Quantization.NONE : quantization;
    }

    /** Values in one example: the product of the dimensions, a dynamic dimension counting as 1. */
    @JsonIgnore
    public int exampleSize() {
        long n = 1;
        for (int d : shape) {
            n *= d < 0 ? 1 : d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException("tensor " + name + " is too large: " + n + " values");
        }
        return (int) n;
    }

    /** Whether the leading dimension is dynamic (a batch of any size can be fed). */
    @JsonIgnore
    public boolean hasDynamicBatch() {
        return !shape.isEmpty() && shape.get(0) == -1;
    }

    @Override
    public String toString() {
        return name + " " + dtype.wireName() + shape + (quantization.isQuantized() ? " " + quantization : "");
    }
}
