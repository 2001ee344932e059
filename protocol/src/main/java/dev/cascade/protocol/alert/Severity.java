package dev.cascade.protocol.alert;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** How urgently an operator must look. */
public enum Severity implements WireEnum {
    INFO(1, "info"),
    WARNING(2, "warning"),
    CRITICAL(3, "critical");

    private final int id;
    private final String displayName;

    Severity(int id, String displayName) {
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
    public static Severity fromId(int id) {
        return WireEnum.byId(Severity.class, id, "severity");
    }
}
