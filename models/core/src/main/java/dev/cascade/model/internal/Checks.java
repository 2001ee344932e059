package dev.cascade.model.internal;

import java.util.List;

/** Argument checks with one message style: {@code "<field> must be <rule>, was <value>"}. */
public final class Checks {
    private Checks() {}

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    public static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank, was " + quote(value));
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    public static double positiveFinite(double value, String field) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, was " + value);
        }
        return value;
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, was " + value);
        }
        return value;
    }

    public static void check(boolean condition, String field, String rule, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(field + " must be " + rule + ", was " + value);
        }
    }

    /** Checks every value is finite; names the first bad index. */
    public static void allFinite(float[] values, int offset, int length, String field) {
        for (int i = offset, end = offset + length; i < end; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(field + "[" + (i - offset) + "] must be finite, was " + values[i]);
            }
        }
    }

    public static void length(float[] values, int expected, String field) {
        notNull(values, field);
        if (values.length != expected) {
            throw new IllegalArgumentException(field + " must have length " + expected + ", was " + values.length);
        }
    }

    public static void atLeastLength(float[] values, int expected, String field) {
        notNull(values, field);
        if (values.length < expected) {
            throw new IllegalArgumentException(field + " must have length >= " + expected + ", was " + values.length);
        }
    }

    /** An immutable copy, rejecting null elements. */
    public static <T> List<T> immutable(List<T> list, String field) {
        notNull(list, field);
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException(field + "[" + i + "] must not be null");
            }
        }
        return List.copyOf(list);
    }

    public static String quote(String value) {
        return value == null ? "null" : '"' + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + '"';
    }
}
