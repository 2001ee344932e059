package dev.cascade.edge.outbox;

import java.time.Duration;

/**
 * When the outbox forces what it wrote to the storage device.
 *
 * @param mode every record, every {@code interval}, or never (left to the operating system)
 * @param interval how often in {@link Mode#INTERVAL} mode (ignored otherwise)
 */
public record FsyncPolicy(Mode mode, Duration interval) {
    /** When to force writes to the device. */
    public enum Mode {
        /** Each append and each cursor move is forced before it returns: nothing accepted is lost on power loss. */
        ALWAYS,
        /** A background thread forces every {@code interval}: a power loss loses at most that much. */
        INTERVAL,
        /** Never forced: survives a crash of the process (the page cache has it), not a power loss. */
        NEVER
    }

    public FsyncPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        if (mode == Mode.INTERVAL && (interval == null || interval.toMillis() < 1)) {
            throw new IllegalArgumentException("interval must be >= 1 ms, was " + interval);
        }
        if (interval == null) {
            interval = Duration.ZERO;
        }
    }

    /** Every record. */
    public static FsyncPolicy always() {
        return new FsyncPolicy(Mode.ALWAYS, Duration.ZERO);
    }

    /** Every {@code interval}. */
    public static FsyncPolicy every(Duration interval) {
        return new FsyncPolicy(Mode.INTERVAL, interval);
    }

    /** Never. */
    public static FsyncPolicy never() {
        return new FsyncPolicy(Mode.NEVER, Duration.ZERO);
    }
}
