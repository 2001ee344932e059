package dev.cascade.protocol.alert;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.checks.Checks;

/** An actuator did not carry out a command. */
@JsonPropertyOrder({"v", "type", "header", "commandId", "commandType", "status", "detail"})
public record CommandFailedAlert(AlertHeader header, CommandId commandId, String commandType, AckStatus status,
                                 String detail) implements Alert {
    public static final String TYPE = "command_failed";

    public CommandFailedAlert {
        Checks.notNull(header, "header");
        Checks.notNull(commandId, "commandId");
        Checks.notBlank(commandType, "commandType");
        Checks.notNull(status, "status");
        detail = detail == null ? "" : detail;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String summary() {
        return String.format("%s: %s %s was %s%s", header.deviceId(), commandType, commandId, status.displayName(),
                detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
