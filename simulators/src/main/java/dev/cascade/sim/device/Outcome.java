package dev.cascade.sim.device;

import dev.cascade.protocol.command.AckStatus;
import dev.cascade.checks.Checks;

/** What a device did with a command: the status it acknowledges and why. */
public record Outcome(AckStatus status, String detail, String rule) {
    public Outcome {
        Checks.notNull(status, "status");
        Checks.notNull(detail, "detail");
        rule = rule == null ? "" : rule;
    }

    /** An outcome that names no rule. */
    public Outcome(AckStatus status, String detail) {
        this(status, detail, "");
    }

    /** Not a valid command for this device: refused, naming the {@code rule}. */
    public static Outcome rejected(String rule, String detail) {
        return new Outcome(AckStatus.REJECTED, detail, rule);
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
