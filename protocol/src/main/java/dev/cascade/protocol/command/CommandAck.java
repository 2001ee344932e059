package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.protocol.WireMessage;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;

/**
 * An actuator's answer to a command.
 *
 * @param commandId the command answered
 * @param commandType the command's wire type
 * @param origin who decided the command (copied from it)
 * @param deviceId the actuator
 * @param correlationId the command's correlation id
 * @param status what happened
 * @param detail a human-readable explanation (may be empty)
 * @param rule the interlock or check that refused the command, e.g. {@code max_open_time} ("" unless refused)
 * @param ackedAt when the actuator answered
 * @param windowSentAt copied from the command: when the causing window left the sensor
 */
@JsonPropertyOrder({"v", "commandId", "commandType", "origin", "deviceId", "correlationId", "status", "detail", "rule",
        "ackedAt", "windowSentAt"})
public record CommandAck(CommandId commandId, String commandType, CommandOrigin origin, DeviceId deviceId,
                         CorrelationId correlationId,
                         AckStatus status, String detail, String rule, Instant ackedAt, Instant windowSentAt)
        implements WireMessage {
    public CommandAck {
        Checks.notNull(commandId, "commandId");
        Checks.notBlank(commandType, "commandType");
        Checks.notNull(origin, "origin");
        Checks.notNull(deviceId, "deviceId");
        Checks.notNull(correlationId, "correlationId");
        Checks.notNull(status, "status");
        detail = detail == null ? "" : Checks.maxLength(detail, 500, "detail");
        rule = rule == null ? "" : rule;
        Checks.check(rule.matches("[a-z0-9_]{0,40}"), "rule", "0-40 characters of [a-z0-9_]", rule);
        ackedAt = Checks.micros(ackedAt, "ackedAt");
        windowSentAt = Checks.micros(windowSentAt, "windowSentAt");
    }

    /** An answer that names no rule. */
    public CommandAck(CommandId commandId, String commandType, CommandOrigin origin, DeviceId deviceId,
                      CorrelationId correlationId, AckStatus status, String detail, Instant ackedAt, Instant windowSentAt) {
        this(commandId, commandType, origin, deviceId, correlationId, status, detail, "", ackedAt, windowSentAt);
    }

    /** The answer to {@code command}. */
    public static CommandAck of(Command command, AckStatus status, String detail, Instant now) {
        return refused(command, status, "", detail, now);
    }

    /** The answer to {@code command} naming the {@code rule} that decided it (an interlock, a check). */
    public static CommandAck refused(Command command, AckStatus status, String rule, String detail, Instant now) {
        CommandHeader h = command.header();
        return new CommandAck(h.commandId(), command.type(), h.origin(), h.deviceId(), h.correlationId(), status, detail,
                rule, now, h.windowSentAt());
    }
}
