package dev.cascade.protocol.alarm;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/**
 * Where an alarm is in its life: active or cleared, each acknowledged or not (the four states of
 * ThingsBoard's alarms). An alarm is closed once it is both cleared and acknowledged.
 */
public enum AlarmStatus implements WireEnum {
    ACTIVE_UNACK(1, "active_unack", true, false),
    ACTIVE_ACK(2, "active_ack", true, true),
    CLEARED_UNACK(3, "cleared_unack", false, false),
    CLEARED_ACK(4, "cleared_ack", false, true);

    private final int id;
    private final String displayName;
    private final boolean active;
    private final boolean acknowledged;

    AlarmStatus(int id, String displayName, boolean active, boolean acknowledged) {
        this.id = id;
        this.displayName = displayName;
        this.active = active;
        this.acknowledged = acknowledged;
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

    /** Whether the condition is still present. */
    public boolean active() {
        return active;
    }

    /** Whether an operator has acknowledged it. */
    public boolean acknowledged() {
        return acknowledged;
    }

    /** Cleared and acknowledged: nothing more will happen to this alarm. */
    public boolean closed() {
        return !active && acknowledged;
    }

    /** The status with {@code acknowledged} set. */
    public AlarmStatus acknowledge() {
        return active ? ACTIVE_ACK : CLEARED_ACK;
    }

    /** The status with the condition gone. */
    public AlarmStatus clear() {
        return acknowledged ? CLEARED_ACK : CLEARED_UNACK;
    }

    @JsonCreator
    public static AlarmStatus fromId(int id) {
        return WireEnum.byId(AlarmStatus.class, id, "status");
    }
}
