package dev.cascade.edge.guard;

import java.time.Duration;

/**
 * Which windows are recent enough to act on.
 *
 * @param maxAge a window sent (its {@code sentAt}) longer ago than this is refused as stale; default 5 min
 *     (the simulators send every 0.1-60 s, so a window this old is a replay or a backlog not worth acting on)
 * @param maxFutureSkew a window sent further than this in the agent's future is refused as stale; default
 *     1 min (sensor clocks drift; NTP keeps gateways within milliseconds)
 * @param replayWindow how many sequence numbers below a device's highest one are remembered to refuse
 *     repeats (default 1024); a fresh window far below it is taken as the device having restarted its count
 */
public record Freshness(Duration maxAge, Duration maxFutureSkew, int replayWindow) {
    public Freshness {
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be > 0, was " + maxAge);
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew must be >= 0, was " + maxFutureSkew);
        }
        if (replayWindow < 1 || replayWindow > 1 << 20) {
            throw new IllegalArgumentException("replayWindow must be in [1, 1048576], was " + replayWindow);
        }
    }

    /** 5 minutes of age, 1 minute of future skew, 1024 sequence numbers. */
    public static Freshness defaults() {
        return new Freshness(Duration.ofMinutes(5), Duration.ofMinutes(1), 1024);
    }
}
