package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.Command;
import java.util.ArrayList;
import java.util.List;

/** An output that remembers what it was told, and can be made to fail. Not thread-safe. */
final class RecordingActuator implements Actuator {
    final List<Command> executed = new ArrayList<>();
    final List<String> correlationIds = new ArrayList<>();
    boolean failing;

    @Override
    public void execute(Command command) throws ActuatorException {
        if (failing) {
            throw new ActuatorException("relay driver not responding");
        }
        executed.add(command);
        correlationIds.add(org.slf4j.MDC.get("correlationId"));
    }

    List<String> types() {
        return executed.stream().map(c -> c.type() + ":" + c.header().deviceId().value()).toList();
    }
}
