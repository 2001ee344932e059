package dev.cascade.sim.device;

import dev.cascade.protocol.command.CloseValve;
import dev.cascade.protocol.command.CommandHeader;
import dev.cascade.protocol.command.CommandId;
import dev.cascade.protocol.command.CommandOrigin;
import dev.cascade.protocol.command.OpenValve;
import dev.cascade.protocol.command.ResumeMachine;
import dev.cascade.protocol.command.StopMachine;
import dev.cascade.protocol.window.CorrelationId;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;

/** Commands to send simulated devices in tests. */
public final class Commands {
    private Commands() {}

    /** A header as it survives the wire (which keeps microseconds). */
    public static CommandHeader header(DeviceId device, Instant at) {
        Instant now = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        return new CommandHeader(CommandId.random(), device, CorrelationId.random(), CommandOrigin.CLOUD, now,
                now.plusSeconds(30), now.minusMillis(3));
    }

    public static StopMachine stop(DeviceId device, Instant now) {
        return new StopMachine(header(device, now), "anomaly score 0.97 > 0.8");
    }

    /** An operator's resume (the only kind a machine obeys). */
    public static ResumeMachine resume(DeviceId device, Instant now) {
        CommandHeader h = header(device, now);
        return new ResumeMachine(new CommandHeader(h.commandId(), device, h.correlationId(), CommandOrigin.OPERATOR,
                h.issuedAt(), h.expiresAt(), h.windowSentAt()), "bearing replaced", "alice");
    }

    /** A resume the cloud decided on its own (refused by machines). */
    public static ResumeMachine cloudResume(DeviceId device, Instant now) {
        return new ResumeMachine(header(device, now), "cooldown over");
    }

    public static OpenValve open(DeviceId device, Instant now, Duration d) {
        return new OpenValve(header(device, now), d);
    }

    public static CloseValve close(DeviceId device, Instant now) {
        return new CloseValve(header(device, now));
    }
}
