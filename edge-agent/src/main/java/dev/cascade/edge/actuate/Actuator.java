package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.Command;

/**
 * The output that carries out commands for one device: a GPIO pin, a log line, or the simulated device behind
 * the local broker. Called by one {@link CommandExecutor} at a time; must be closed.
 */
public interface Actuator extends AutoCloseable {
    /** Drives the output as {@code command} asks; throws when the output could not be driven. */
    void execute(Command command) throws ActuatorException;

    /**
     * Whether the device behind this output acknowledges commands itself (a simulated device on the broker), so the
     * executor sends no acknowledgement of an executed command.
     */
    default boolean answersItself() {
        return false;
    }

    @Override
    default void close() {}
}
