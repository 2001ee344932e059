package dev.cascade.actuators.delivery;

import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/** At most {@code limit} commands per device in any sliding minute. Not thread-safe. */
final class RateLimiter {
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int limit;
    private final Map<DeviceId, ArrayDeque<Instant>> sent = new HashMap<>();

    RateLimiter(int limit) {
        this.limit = limit;
    }

    /** Records a command for {@code device} at {@code now} if under the limit; false if over. */
    boolean tryAcquire(DeviceId device, Instant now) {
        ArrayDeque<Instant> q = sent.computeIfAbsent(device, d -> new ArrayDeque<>());
        Instant cutoff = now.minus(WINDOW);
        while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
            q.pollFirst();
        }
        if (q.size() >= limit) {
            return false;
        }
        q.addLast(now);
        return true;
    }
}
