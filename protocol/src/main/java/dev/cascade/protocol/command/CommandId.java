package dev.cascade.protocol.command;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cascade.protocol.internal.Ids;
import dev.cascade.protocol.window.CorrelationId;

/**
 * Identifies one command; actuators execute a command id at most once. Derive it with
 * {@link #derive} so that a worker retrying after a crash re-issues the same id.
 */
public record CommandId(String value) {
    public CommandId {
        Ids.requireOpaque(value, "commandId");
    }

    @JsonCreator
    public static CommandId of(String value) {
        return new CommandId(value);
    }

    public static CommandId random() {
        return new CommandId(Ids.randomHex128());
    }

    /** The same inputs always give the same id. */
    public static CommandId derive(CorrelationId cause, String action) {
        return new CommandId(Ids.derivedHex128(cause.value(), action));
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
