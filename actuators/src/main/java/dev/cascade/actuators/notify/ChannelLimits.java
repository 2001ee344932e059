package dev.cascade.actuators.notify;

import java.time.Duration;

/**
 * How one channel queues, paces and retries.
 *
 * @param queue notifications that may wait for the channel (more are dropped and counted)
 * @param perMinute notifications the channel sends a minute at most (more wait their turn)
 * @param retries attempts after the first for a retriable failure
 * @param backoff wait before the first retry, doubled for each further one
 * @param maxBackoff the longest wait between attempts
 */
public record ChannelLimits(int queue, int perMinute, int retries, Duration backoff, Duration maxBackoff) {
    public ChannelLimits {
        if (queue < 1 || perMinute < 1 || retries < 0) {
            throw new IllegalArgumentException("queue and perMinute must be >= 1 and retries >= 0, was " + queue + ", "
                    + perMinute + ", " + retries);
        }
        if (backoff == null || backoff.isNegative() || maxBackoff == null || maxBackoff.compareTo(backoff) < 0) {
            throw new IllegalArgumentException("backoff must be >= 0 and maxBackoff >= backoff, was " + backoff + ", "
                    + maxBackoff);
        }
    }

    /** 1,000 queued, 60 a minute, 5 retries from 500 ms up to 30 s. */
    public static ChannelLimits defaults() {
        return new ChannelLimits(1000, 60, 5, Duration.ofMillis(500), Duration.ofSeconds(30));
    }
}
