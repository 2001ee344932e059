package dev.cascade.protocol.internal;

import java.util.Objects;

/** Argument checks with one message style: {@code "<field> must be <rule>, was <value>"}. */
public final class Checks {
    private Checks() {}

    public static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        return value;
    }

    /** Non-null, truncated to whole microseconds (the wire's precision), so that round trips are exact. */
    public static java.time.Instant micros(java.time.Instant value, String field) {
        notNull(value, field);
        int nanos = value.getNano();
        return nanos % 1_000 == 0 ? value : value.minusNanos(nanos % 1_000);
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
            throw new IllegalArgumentException(
                    field + " must be at most " + max + " characters, was " + value.length());
        }
        return value;
    }

    public static long nonNegative(long value, String field) {
        if (value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0, was " + value);
        }
        return value;
    }

    public static int positive(int value, String field) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be > 0, was " + value);
        }
        return value;
    }

    public static double positiveFinite(double value, String field) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be a finite number > 0, was " + value);
        }
        return value;
    }

    public static float finite(float value, String field) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException(field + " must be finite, was " + value);
        }
        return value;
    }

    public static void check(boolean condition, String field, String rule, Object value) {
        if (!condition) {
            throw new IllegalArgumentException(field + " must be " + rule + ", was " + value);
        }
    }

    public static String quote(String value) {
        return value == null ? "null" : '"' + (value.length() > 80 ? value.substring(0, 80) + "..." : value) + '"';
    }

    public static <T> T requireEquals(T expected, T actual, String field) {
        if (!Objects.equals(expected, actual)) {
            throw new IllegalArgumentException(field + " must be " + expected + ", was " + actual);
        }
        return actual;
    }
}
