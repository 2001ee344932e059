package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.Command;
import dev.cascade.protocol.command.OpenValve;

/** What an output drives: an irrigation valve (soil zones) or a machine's run permission (vibration). */
public enum OutputKind {
    VALVE,
    MACHINE;

    /** The kind of output {@code command} is meant for. */
    public static OutputKind of(Command command) {
        return command instanceof OpenValve || command instanceof CloseValve ? VALVE : MACHINE;
    }
}
