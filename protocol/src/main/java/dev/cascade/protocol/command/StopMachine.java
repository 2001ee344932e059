package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;

/** Stops a machine (an interlocked, latched stop: only {@link ResumeMachine} undoes it). */
@JsonPropertyOrder({"v", "type", "header", "reason"})
public record StopMachine(CommandHeader header, String reason) implements Command {
    public static final String TYPE = "stop_machine";

    public StopMachine {
        Checks.notNull(header, "header");
        Checks.notBlank(reason, "reason");
        Checks.maxLength(reason, 200, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
