package dev.cascade.edge.actuate;

import dev.cascade.protocol.codec.Codecs;
import dev.cascade.protocol.command.Command;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An output that only logs what it would do (a dry run on a real gateway, or a device with nothing wired). */
public final class LogActuator implements Actuator {
    private static final Logger log = LoggerFactory.getLogger(LogActuator.class);

    @Override
    public void execute(Command command) {
        log.info("output {}: {} {}", command.header().deviceId(), command.type(), Codecs.toJson(command));
    }
}
