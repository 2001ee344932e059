package dev.cascade.actuators.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** At most {@code perMinute} permits a minute, in bursts up to the same number. Not thread-safe. */
final class TokenBucket {
    private final double perNano;
    private final double capacity;
    private final InstantSource clock;
    private double tokens;
    private Instant last;

    TokenBucket(int perMinute, InstantSource clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be >= 1, was " + perMinute);
        }
        this.perNano = perMinute / 60e9;
        this.capacity = perMinute;
        this.clock = clock;
        this.tokens = perMinute;
        this.last = clock.instant();
    }

    /** Zero when a permit was taken; otherwise how long until one is due (nothing taken). */
    Duration take() {
        Instant now = clock.instant();
        tokens = Math.min(capacity, tokens + Duration.between(last, now).toNanos() * perNano);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil((1 - tokens) / perNano));
    }
}
