package dev.cascade.sim.fleet;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.protocol.command.CommandAck;
import dev.cascade.protocol.command.CommandId;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The simulated actuators' execution log: one entry per command a device actually carried out (acknowledged
 * {@code EXECUTED}), in order, so a test can tell a command executed once from one executed twice or never.
 * Thread-safe.
 */
public final class ExecutionLog implements FleetObserver {
    private final FleetObserver next;
    private final List<CommandAck> executed = new CopyOnWriteArrayList<>();

    /** A log that passes every event on to {@code next}. */
    public ExecutionLog(FleetObserver next) {
        this.next = next == null ? FleetObserver.NONE : next;
    }

    public ExecutionLog() {
        this(FleetObserver.NONE);
    }

    @Override
    public void windowSent(dev.cascade.protocol.window.SensorWindow window) {
        next.windowSent(window);
    }

    @Override
    public void acked(CommandAck ack) {
        if (ack.status() == AckStatus.EXECUTED) {
            executed.add(ack);
        }
        next.acked(ack);
    }

    /** How many times {@code id} was executed. */
    public long times(CommandId id) {
        return executed.stream().filter(a -> a.commandId().equals(id)).count();
    }

    /** Every execution so far, in order. */
    public List<CommandAck> executions() {
        return List.copyOf(executed);
    }
}
