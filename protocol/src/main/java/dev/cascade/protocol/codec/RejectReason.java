package dev.cascade.protocol.codec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** Why a message from the wire was refused. */
public enum RejectReason implements WireEnum {
    /** Not parseable as the expected format (truncated, wrong syntax, wrong encoding). */
    MALFORMED(1, "malformed"),
    /** A schema major version this release does not know. */
    UNSUPPORTED_VERSION(2, "unsupported_version"),
    /** Parseable, but a field breaks a rule (missing, out of range, NaN, wrong shape). */
    INVALID(3, "invalid"),
    /** Larger than the limit for its channel. */
    OVERSIZE(4, "oversize"),
    /** No bytes at all. */
    EMPTY(5, "empty"),
    /** From or about a device the receiver does not know. */
    UNKNOWN_DEVICE(6, "unknown_device"),
    /** A sender spoke for a device other than itself. */
    UNAUTHORIZED(7, "unauthorized"),
    /** Arrived on a topic whose device or channel disagrees with the message. */
    WRONG_TOPIC(8, "wrong_topic"),
    /** A feature, model output or score computed from it is NaN or infinite (e.g. samples whose energy overflows). */
    NON_FINITE(9, "non_finite"),
    /** A window names a device other than the one its topic belongs to. */
    FOREIGN_DEVICE(10, "foreign_device"),
    /** Too old to act on, or from further in the future than the allowed clock skew. */
    STALE(11, "stale"),
    /** A sequence number already seen for that device (a replay or a duplicate). */
    REPLAYED(12, "replayed"),
    /** A sample beyond what its kind of sensor can produce (magnitude limit per sensor kind). */
    SATURATED(13, "saturated"),
    /** Processing the record failed unexpectedly; the worker went on with the next one. */
    INTERNAL_ERROR(14, "internal_error");

    private final int id;
    private final String displayName;

    RejectReason(int id, String displayName) {
        this.id = id;
        this.displayName = displayName;
    }

    @JsonValue
    @Override
    public int id() {
        return id;
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @JsonCreator
    public static RejectReason fromId(int id) {
        return WireEnum.byId(RejectReason.class, id, "reason");
    }
}
