package dev.cascade.bench.fuzz;

import dev.cascade.protocol.codec.RejectReason;
import java.util.Optional;

/** What kind of payload the fuzzer made, and how the edge must answer it. */
public enum Category {
    /** A real window from a well-behaved device: must be decided. */
    VALID(null),
    /** The first window of a device whose windows are later replayed: decided, but not part of the valid set. */
    REPLAY_ORIGINAL(null),
    /** No bytes at all. */
    EMPTY(RejectReason.EMPTY),
    /** Random bytes. */
    RANDOM_BYTES(null),
    /** A real payload cut short. */
    TRUNCATED(null),
    /** A real payload (of a fuzz-only device) with 1-3 random bits flipped: refused or decided, either is fine. */
    BIT_FLIP(null),
    /** Finite samples no sensor produces (1e6 .. 3e38 in magnitude). */
    EXTREME_FINITE(RejectReason.SATURATED),
    /** A real payload whose sample bytes were overwritten with NaN or infinity. */
    NON_FINITE(RejectReason.INVALID),
    /** Larger than the largest window. */
    OVERSIZE(RejectReason.OVERSIZE),
    /** A real payload with an unknown schema major version. */
    WRONG_VERSION(RejectReason.UNSUPPORTED_VERSION),
    /** A window naming a device other than its topic's. */
    FOREIGN_DEVICE(RejectReason.FOREIGN_DEVICE),
    /** Sent twenty minutes ago. */
    STALE(RejectReason.STALE),
    /** Sent ten minutes in the future. */
    FUTURE(RejectReason.STALE),
    /** A byte-for-byte repeat of an earlier window. */
    REPLAYED(RejectReason.REPLAYED);

    private final RejectReason edgeReason;

    Category(RejectReason edgeReason) {
        this.edgeReason = edgeReason;
    }

    /** The reason the edge must refuse it for, if that is certain (random bytes and truncations may fail in several ways). */
    public Optional<RejectReason> edgeReason() {
        return Optional.ofNullable(edgeReason);
    }

    /** Whether the edge must refuse it (for some reason). */
    public boolean mustBeRefused() {
        return this != VALID && this != REPLAY_ORIGINAL && this != BIT_FLIP;
    }
}
