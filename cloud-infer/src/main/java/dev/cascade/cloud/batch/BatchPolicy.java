package dev.cascade.cloud.batch;

import java.time.Duration;

/**
 * When a model's queue is sent to the model, as in Triton's dynamic batcher: as soon as it holds
 * {@code maxBatch} windows, or when its oldest window has waited {@code maxQueueDelay}.
 *
 * @param maxBatch most windows in one model call
 * @param maxQueueDelay longest time the oldest queued window waits for others to join its batch (zero: no wait)
 */
public record BatchPolicy(int maxBatch, Duration maxQueueDelay) {
    /** Batches of up to 64, a window waits at most 2 ms for others. */
    public static final BatchPolicy DEFAULT = new BatchPolicy(64, Duration.ofMillis(2));

    public BatchPolicy {
        if (maxBatch < 1 || maxBatch > 4096) {
            throw new IllegalArgumentException("maxBatch must be in [1, 4096], was " + maxBatch);
        }
        if (maxQueueDelay == null || maxQueueDelay.isNegative() || maxQueueDelay.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("maxQueueDelay must be in [0, 10 s], was " + maxQueueDelay);
        }
    }
}
