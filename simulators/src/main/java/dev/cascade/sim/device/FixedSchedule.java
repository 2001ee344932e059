package dev.cascade.sim.device;

import dev.cascade.checks.Checks;
import java.time.Duration;
import java.time.LocalTime;

/**
 * The baseline irrigation a timer does: open the valve every day at {@code at} (zone time, UTC) for
 * {@code duration}, whatever the soil says.
 */
public record FixedSchedule(LocalTime at, Duration duration) {
    public FixedSchedule {
        Checks.notNull(at, "at");
        Checks.check(duration != null && !duration.isNegative() && !duration.isZero()
                && duration.compareTo(Duration.ofHours(12)) <= 0, "duration", "in (0, PT12H]", duration);
    }
}
