package dev.cascade.edge.outbox;

import java.nio.file.Path;

/**
 * Where the outbox lives and how big it may grow.
 *
 * @param dir its folder (created if missing; one folder per agent)
 * @param capacityBytes the most bytes of unsent items it holds (records as stored, headers included)
 * @param faultReserveBytes of {@code capacityBytes}, the part only fault escalations may use
 * @param segmentBytes the size at which a segment file is closed and a new one started
 * @param fsync when writes are forced to the device
 */
public record OutboxOptions(Path dir, long capacityBytes, long faultReserveBytes, int segmentBytes, FsyncPolicy fsync) {
    /** The smallest segment: room for the largest record. */
    public static final int MIN_SEGMENT_BYTES = Frame.MAX_RECORD_BYTES;

    public OutboxOptions {
        if (dir == null) {
            throw new IllegalArgumentException("dir must not be null");
        }
        if (segmentBytes < MIN_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be >= " + MIN_SEGMENT_BYTES + ", was " + segmentBytes);
        }
        if (capacityBytes < segmentBytes) {
            throw new IllegalArgumentException("capacityBytes must be >= segmentBytes (" + segmentBytes + "), was "
                    + capacityBytes);
        }
        if (faultReserveBytes < 0 || faultReserveBytes >= capacityBytes) {
            throw new IllegalArgumentException("faultReserveBytes must be in [0, capacityBytes), was " + faultReserveBytes);
        }
        if (fsync == null) {
            throw new IllegalArgumentException("fsync must not be null");
        }
    }

    /** 64 MiB in 4 MiB segments, a tenth reserved for faults, forced every 100 ms. */
    public static OutboxOptions defaults(Path dir) {
        return new OutboxOptions(dir, 64L << 20, (64L << 20) / 10, 4 << 20, FsyncPolicy.every(java.time.Duration.ofMillis(100)));
    }
}
