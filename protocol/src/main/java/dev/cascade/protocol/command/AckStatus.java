package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** What an actuator did with a command. */
public enum AckStatus implements WireEnum {
    /** Carried out. */
    EXECUTED(1, "executed", true),
    /** Already carried out under this command id; not repeated. */
    DUPLICATE(2, "duplicate", true),
    /** Arrived after its {@code expiresAt}; not carried out. */
    EXPIRED(3, "expired", false),
    /** A safety interlock refused it; not carried out. */
    INTERLOCKED(4, "interlocked", false),
    /** Tried and failed. */
    FAILED(5, "failed", false),
    /** The actuator does not support this command type. */
    UNSUPPORTED(6, "unsupported", false),
    /** Not a valid command for this actuator (unknown device, value out of range, not signed by the bridge). */
    REJECTED(7, "rejected", false);

    private final int id;
    private final String displayName;
    private final boolean success;

    AckStatus(int id, String displayName, boolean success) {
        this.id = id;
        this.displayName = displayName;
        this.success = success;
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

    /** Whether the command's effect is in place (executed now or before). */
    public boolean success() {
        return success;
    }

    @JsonCreator
    public static AckStatus fromId(int id) {
        return WireEnum.byId(AckStatus.class, id, "status");
    }
}
