package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;

/** Releases a machine stop. */
@JsonPropertyOrder({"v", "type", "header", "reason"})
public record ResumeMachine(CommandHeader header, String reason) implements Command {
    public static final String TYPE = "resume_machine";

    public ResumeMachine {
        Checks.notNull(header, "header");
        Checks.notBlank(reason, "reason");
        Checks.maxLength(reason, 200, "reason");
    }

    @Override
    public String type() {
        return TYPE;
    }
}
