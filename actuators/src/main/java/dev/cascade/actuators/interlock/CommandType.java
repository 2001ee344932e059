package dev.cascade.actuators.interlock;

import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;

/** The command types a device kind may take, as named in the configuration. */
public enum CommandType {
    OPEN_VALVE(OpenValve.TYPE), CLOSE_VALVE(CloseValve.TYPE), STOP_MACHINE(StopMachine.TYPE), RESUME_MACHINE(ResumeMachine.TYPE);

    private final String wireName;

    CommandType(String wireName) {
        this.wireName = wireName;
    }

    /** The command's wire type, e.g. {@code open_valve}. */
    public String wireName() {
        return wireName;
    }
}
