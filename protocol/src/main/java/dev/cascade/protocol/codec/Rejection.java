package dev.cascade.protocol.codec;

import dev.cascade.checks.Checks;

/**
 * Why one message was refused: a reason to count by and a detail that names the field and the problem.
 */
public record Rejection(RejectReason reason, String detail) {
    public Rejection {
        Checks.notNull(reason, "reason");
        Checks.notNull(detail, "detail");
    }

    @Override
    public String toString() {
        return reason.displayName() + ": " + detail;
    }
}
