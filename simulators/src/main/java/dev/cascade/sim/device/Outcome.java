package dev.cascade.sim.device;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.checks.Checks;

/** What a device did with a command: the status it acknowledges and why. */
public record Outcome(AckStatus status, String detail) {
    public Outcome {
        Checks.notNull(status, "status");
        Checks.notNull(detail, "detail");
    }

    public static Outcome executed(String detail) {
        return new Outcome(AckStatus.EXECUTED, detail);
    }

    public static Outcome unsupported(String detail) {
        return new Outcome(AckStatus.UNSUPPORTED, detail);
    }

    public static Outcome interlocked(String detail) {
        return new Outcome(AckStatus.INTERLOCKED, detail);
    }
}
