package dev.cascade.protocol.operator;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** What an operator asked for, and what its {@code target} names. */
public enum OperatorActionType implements WireEnum {
    /** Acknowledge an alarm; target: an alarm id. */
    ACKNOWLEDGE_ALARM(1, "acknowledge_alarm", Target.ALARM),
    /** Clear an alarm by hand; target: an alarm id. */
    CLEAR_ALARM(2, "clear_alarm", Target.ALARM),
    /** Resume a stopped machine after inspection; target: a device id. */
    RESUME_MACHINE(3, "resume_machine", Target.DEVICE),
    /** Lock a device out: no command reaches it until unlocked; target: a device id. */
    LOCK_DEVICE(4, "lock_device", Target.DEVICE),
    /** Lift a lock-out; target: a device id. */
    UNLOCK_DEVICE(5, "unlock_device", Target.DEVICE);

    /** What kind of id an action's target is. */
    public enum Target { ALARM, DEVICE }

    private final int id;
    private final String displayName;
    private final Target target;

    OperatorActionType(int id, String displayName, Target target) {
        this.id = id;
        this.displayName = displayName;
        this.target = target;
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

    public Target target() {
        return target;
    }

    @JsonCreator
    public static OperatorActionType fromId(int id) {
        return WireEnum.byId(OperatorActionType.class, id, "action");
    }
}
