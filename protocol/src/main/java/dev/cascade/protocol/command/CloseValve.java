package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;

/** Closes a zone's valve. */
@JsonPropertyOrder({"v", "type", "header"})
public record CloseValve(CommandHeader header) implements Command {
    public static final String TYPE = "close_valve";

    public CloseValve {
        Checks.notNull(header, "header");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
