package dev.cascade.model.bundle;

import dev.cascade.model.tensor.Quantization;
import dev.cascade.model.tensor.TensorSpec;
import java.util.List;

/** Compares the tensors a manifest declares with those read from a model file. */
final class TensorMatch {
    private TensorMatch() {}

    /** The first difference, or null when they agree (names are not compared). */
    static String firstDifference(String what, List<TensorSpec> declared, List<TensorSpec> actual) {
        if (declared.size() != actual.size()) {
            return what + ": manifest lists " + declared.size() + " tensors, the model file has " + actual.size();
        }
        for (int i = 0; i < declared.size(); i++) {
            TensorSpec d = declared.get(i);
            TensorSpec a = actual.get(i);
            String at = what + "[" + i + "]";
            if (d.dtype() != a.dtype()) {
                return at + ": manifest says " + d.dtype().wireName() + ", the model file has " + a.dtype().wireName();
            }
            if (!d.shape().equals(a.shape())) {
                return at + ": manifest says shape " + d.shape() + ", the model file has " + a.shape();
            }
            if (!sameQuantization(d.quantization(), a.quantization())) {
                return at + ": manifest says quantization " + d.quantization() + ", the model file has "
                        + a.quantization();
            }
        }
        return null;
    }

    private static boolean sameQuantization(Quantization d, Quantization a) {
        if (d.scales().size() != a.scales().size() || !d.zeroPoints().equals(a.zeroPoints())) {
            return false;
        }
        for (int i = 0; i < d.scales().size(); i++) {
            float x = d.scales().get(i);
            float y = a.scales().get(i);
            if (Math.abs(x - y) > 1e-6f * Math.max(Math.abs(x), Math.abs(y))) {
                return false;
            }
        }
        return true;
    }
}
