package dev.cascade.protocol.inference;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** What a model concluded about a window. */
public enum Verdict implements WireEnum {
    /** Nothing to do. */
    NORMAL(1, "normal"),
    /** The machine's vibration is anomalous. */
    ANOMALY(2, "anomaly"),
    /** The zone will fall below its moisture band: water it. */
    IRRIGATE(3, "irrigate"),
    /** The zone is above its moisture band: stop watering. */
    STOP_IRRIGATION(4, "stop_irrigation");

    private final int id;
    private final String displayName;

    Verdict(int id, String displayName) {
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
    public static Verdict fromId(int id) {
        return WireEnum.byId(Verdict.class, id, "verdict");
    }
}
