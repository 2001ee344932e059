package dev.cascade.sim.factory;

import dev.cascade.checks.Checks;
import java.time.Duration;

/**
 * A fault to inject into a {@link Machine}: it starts at {@code severity} and grows linearly by
 * {@code growthPerHour} of machine time, up to 1 (a fully developed fault).
 *
 * @param type what is wrong
 * @param severity the severity at injection, in (0, 1]
 * @param growthPerHour how much severity is added per hour of machine time, >= 0
 */
public record Fault(FaultType type, double severity, double growthPerHour) {
    public Fault {
        Checks.notNull(type, "type");
        Checks.check(severity > 0 && severity <= 1, "severity", "in (0, 1]", severity);
        Checks.nonNegative(growthPerHour, "growthPerHour");
    }

    /** A fault that does not grow. */
    public static Fault of(FaultType type, double severity) {
        return new Fault(type, severity, 0);
    }

    /** The severity after {@code elapsed} of machine time. */
    public double severityAfter(Duration elapsed) {
        return severityAfterSeconds(elapsed.toNanos() / 1e9);
    }

    double severityAfterSeconds(double seconds) {
        return Math.min(1.0, severity + growthPerHour * Math.max(0, seconds) / 3600.0);
    }
}
