package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;

/**
 * Releases a machine stop. Only an operator may lift a safety stop: the actuators bridge and the devices refuse
 * a resume whose origin is not {@link CommandOrigin#OPERATOR} or that names no operator.
 *
 * @param header identity, target and origin
 * @param reason why (for an operator's resume: their note)
 * @param operator the login name of the operator who asked for it, "" when not asked by an operator
 */
@JsonPropertyOrder({"v", "type", "header", "reason", "operator"})
public record ResumeMachine(CommandHeader header, String reason, String operator) implements Command {
    public static final String TYPE = "resume_machine";

    public ResumeMachine {
        Checks.notNull(header, "header");
        Checks.notBlank(reason, "reason");
        Checks.maxLength(reason, 200, "reason");
        operator = operator == null ? "" : operator;
        Checks.check(operator.matches("[A-Za-z0-9._@-]{0,64}"), "operator", "0-64 characters of [A-Za-z0-9._@-]", operator);
    }

    /** A resume that names no operator (refused unless its origin is an operator's). */
    public ResumeMachine(CommandHeader header, String reason) {
        this(header, reason, "");
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Whether this resume was asked for by a named operator (the only resume that may lift a safety stop). */
    public boolean byOperator() {
        return header.origin() == CommandOrigin.OPERATOR && !operator.isEmpty();
    }
}
