package dev.cascade.cloud.worker;

import dev.cascade.protocol.window.SensorKind;

/** Told of every committed model call (on the worker's thread: keep it quick and thread-safe). */
public interface BatchObserver {
    /** Observes nothing. */
    BatchObserver NONE = (kind, size, waitedNanos, callNanos) -> {};

    /**
     * One batch of {@code size} windows of {@code kind} was scored.
     *
     * @param waitedNanos how long its oldest window waited in the queue
     * @param callNanos the model call (features and inference)
     */
    void batch(SensorKind kind, int size, long waitedNanos, long callNanos);
}
