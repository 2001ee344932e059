package dev.cascade.edge.actuate;

import dev.cascade.protocol.command.Command;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output that publishes the command on the local broker for the device to carry out (the simulators' devices,
 * or a device with its own MQTT client); the device acknowledges it itself. A send that fails is counted and logged
 * at WARN, never dropped silently. Thread-safe.
 */
public final class ForwardActuator implements Actuator {
    private static final Logger log = LoggerFactory.getLogger(ForwardActuator.class);

    private final Function<Command, CompletableFuture<Void>> send;
    private final LongAdder failures = new LongAdder();

    /** {@code send} publishes a command to its device (e.g. {@code LocalActions::send}). */
    public ForwardActuator(Function<Command, CompletableFuture<Void>> send) {
        this.send = send;
    }

    @Override
    public void execute(Command command) throws ActuatorException {
        CompletableFuture<Void> sent;
        try {
            sent = send.apply(command);
        } catch (RuntimeException e) {
            failures.increment();
            throw new ActuatorException("local broker refused " + command.type() + " " + command.commandId().value()
                    + ": " + e, e);
        }
        sent.whenComplete((v, err) -> {
            if (err != null) {
                failures.increment();
                log.warn("{} {} for {} was not delivered to the local broker ({} failed so far): {}", command.type(),
                        command.commandId().value(), command.header().deviceId(), failures.sum(), err.toString());
            }
        });
    }

    @Override
    public boolean answersItself() {
        return true;
    }

    /** Commands the local broker did not take. */
    public long failures() {
        return failures.sum();
    }
}
