package dev.cascade.checks;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Argument checks for a caller's mistakes, with the project's one message style:
 * {@code "<field> must be <rule>, was <value>"}. Each throws {@link IllegalArgumentException}; data from the wire
 * goes through the decoders instead, which refuse with a reason and never throw.
 */
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

    public static String maxLength(String value, int max, String field) {
        notNull(value, field);
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + value.length());
        }
        return value;
    }

    /** Non-null, truncated to whole microseconds (the wire's precision), so that round trips are exact. */
    public static Instant micros(Instant value, String field) {
        notNull(value, field);
        int nanos = value.getNano();
        return nanos % 1_000 == 0 ? value : value.minusNanos(nanos % 1_000);
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    /** A finite number above zero (same as {@link #positiveFinite}). */
    public static double positive(double value, String field) {
        return positiveFinite(value, field);
    }

    public static double positiveFinite(double value, String field) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, was " + value);
        }
        return value;
    }

    public static int nonNegative(int value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    /** A finite number of at least zero. */
    public static double nonNegative(double value, String field) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number >= 0, was " + value);
        }
        return value;
    }

    public static float finite(float value, String field) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, was " + value);
        }
        return value;
    }

    public static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, was " + value);
        }
        return value;
    }

    public static double inRange(double value, double min, double max, String field) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(field + " must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
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

    public static void check(boolean condition, String field, String rule, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(field + " must be " + rule + ", was " + value);
        }
    }

    public static <T> T requireEquals(T expected, T actual, String field) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalArgumentException(field + " must be " + expected + ", was " + actual);
        }
        return actual;
    }

    /** A string for a message: quoted, cut at 80 characters. */
    public static String quote(String value) {
        return value == null ? "null" : '"' + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + '"';
    }
}
