package dev.cascade.transport.mqtt;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/**
 * The delays before each reconnect attempt of one connection under a {@link ReconnectBackoff}: the ceiling doubles
 * with every failed attempt up to {@code max}, and falls back to {@code min} only once a connection stayed up for at
 * least {@code max} (a broker that accepts and drops at once does not reset the backoff). Not thread-safe.
 */
final class ReconnectDelays {
    private final ReconnectBackoff backoff;
    private final RandomGenerator random;
    private final InstantSource clock;
    private int attempt;
    private Instant connectedAt;

    ReconnectDelays(ReconnectBackoff backoff, RandomGenerator random, InstantSource clock) {
        this.backoff = backoff;
        this.random = random;
        this.clock = clock;
    }

    /** The connection is up. */
    void connected() {
        connectedAt = clock.instant();
    }

    /** How long to wait before the next attempt (the connection was lost, or the last attempt failed). */
    Duration next() {
        if (connectedAt != null) {
            if (!clock.instant().isBefore(connectedAt.plus(backoff.max()))) {
                attempt = 0;
            }
            connectedAt = null;
        }
        Duration ceiling = ceiling(attempt);
        if (attempt < 62) {
            attempt++;
        }
        return Duration.ofNanos((long) (ceiling.toNanos() * random.nextDouble()));
    }

    /** The ceiling of attempt {@code n} (0-based): {@code min(max, min * 2^n)}. */
    Duration ceiling(int n) {
        long minNanos = backoff.min().toNanos();
        long maxNanos = backoff.max().toNanos();
        if (n >= 62 || minNanos > (maxNanos >> Math.min(n, 62))) {
            return backoff.max();
        }
        return Duration.ofNanos(Math.min(maxNanos, minNanos << n));
    }
}
