package dev.cascade.sim.fleet;

import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.window.SensorWindow;

/** Hears what the fleet sends, on its worker threads: must be fast and must not block. */
public interface FleetObserver {
    FleetObserver NONE = new FleetObserver() {};

    /** A window was handed to the transport. */
    default void windowSent(SensorWindow window) {}

    /** A device answered a command (the ack is being published). */
    default void acked(CommandAck ack) {}
}
