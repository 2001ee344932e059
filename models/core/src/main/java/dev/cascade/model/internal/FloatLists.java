package dev.cascade.model.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Conversions between primitive arrays and the immutable lists that records expose. */
public final class FloatLists {
    private FloatLists() {}

    public static List<Float> of(float[] values) {
        List<Float> out = new ArrayList<>(values.length);
        for (float v : values) {
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    public static List<Integer> of(int[] values) {
        List<Integer> out = new ArrayList<>(values.length);
        for (int v : values) {
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    public static List<Double> of(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return Collections.unmodifiableList(out);
    }

    public static float[] toFloats(List<? extends Number> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).floatValue();
        }
        return out;
    }

    public static double[] toDoubles(List<? extends Number> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).doubleValue();
        }
        return out;
    }

    public static int[] toInts(List<? extends Number> values) {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i).intValue();
        }
        return out;
    }
}
