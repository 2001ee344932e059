package dev.cascade.model.runtime.internal;

/** The argument check every {@code ModelRunner} makes on its input and output arrays. */
public final class BatchArrays {
    private BatchArrays() {}

    /** Checks that {@code array} holds {@code n} examples of {@code size} values. */
    public static void require(float[] array, int n, int size, String what) {
        if (array == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        long need = (long) n * size;
        if (array.length < need) {
            throw new IllegalArgumentException(what + " must have length >= " + need + " (" + n + " x " + size
                    + "), was " + array.length);
        }
    }
}
