package dev.cascade.dashboard.auth;

import java.time.Duration;

/**
 * How failed logins are slowed down: after {@code freeAttempts} failures in a row, each further attempt must wait
 * {@code baseDelay}, doubling per failure up to {@code maxDelay}; after {@code lockoutAfter} failures the user or
 * address is locked out for {@code lockout}. Counted separately per user name and per client address.
 *
 * @param freeAttempts failures allowed without delay (>= 0)
 * @param baseDelay the first delay (> 0)
 * @param maxDelay the longest delay (>= baseDelay)
 * @param lockoutAfter failures in a row that lock out (> freeAttempts)
 * @param lockout how long a lock-out lasts (> 0)
 */
public record LoginPolicy(int freeAttempts, Duration baseDelay, Duration maxDelay, int lockoutAfter, Duration lockout) {
    /** Three free attempts, then 1 s doubling to 60 s, locked out for 15 minutes after 10. */
    public static final LoginPolicy DEFAULT = new LoginPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(60), 10,
            Duration.ofMinutes(15));

    public LoginPolicy {
        if (freeAttempts < 0) {
            throw new IllegalArgumentException("freeAttempts must be >= 0, was " + freeAttempts);
        }
        if (baseDelay == null || baseDelay.isNegative() || baseDelay.isZero()) {
            throw new IllegalArgumentException("baseDelay must be > 0, was " + baseDelay);
        }
        if (maxDelay == null || maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be >= baseDelay (" + baseDelay + "), was " + maxDelay);
        }
        if (lockoutAfter <= freeAttempts) {
            throw new IllegalArgumentException("lockoutAfter must be > freeAttempts (" + freeAttempts + "), was "
                    + lockoutAfter);
        }
        if (lockout == null || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("lockout must be > 0, was " + lockout);
        }
    }

    /** How long to wait after {@code failures} failures in a row (zero while free). */
    public Duration delayAfter(int failures) {
        if (failures >= lockoutAfter) {
            return lockout;
        }
        if (failures < freeAttempts || failures == 0) {
            return Duration.ZERO;
        }
        int doublings = Math.min(30, failures - Math.max(freeAttempts, 1));
        Duration d = baseDelay.multipliedBy(1L << doublings);
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
