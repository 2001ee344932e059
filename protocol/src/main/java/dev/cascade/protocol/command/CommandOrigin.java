package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.WireEnum;

/** Who decided a command. */
public enum CommandOrigin implements WireEnum {
    CLOUD(1, "cloud"),
    EDGE(2, "edge"),
    OPERATOR(3, "operator");

    private final int id;
    private final String displayName;

    CommandOrigin(int id, String displayName) {
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
    public static CommandOrigin fromId(int id) {
        return WireEnum.byId(CommandOrigin.class, id, "origin");
    }
}
