package dev.cascade.transport.mqtt;

import java.time.Duration;

/**
 * How a lost MQTT connection is retried: exponential backoff with full jitter, each delay drawn uniformly from
 * {@code [0, min(max, min * 2^attempt)]}, so that a fleet whose broker restarts does not come back in lockstep.
 *
 * @param min the ceiling of the first delay
 * @param max the largest ceiling; a connection that stayed up at least this long starts again from {@code min}
 */
public record ReconnectBackoff(Duration min, Duration max) {
    /** 1 s doubling to 30 s. */
    public static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    public ReconnectBackoff {
        if (min == null || min.isNegative() || min.isZero()) {
            throw new IllegalArgumentException("min must be > 0, was " + min);
        }
        if (max == null || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("max must be >= min (" + min + "), was " + max);
        }
    }
}
