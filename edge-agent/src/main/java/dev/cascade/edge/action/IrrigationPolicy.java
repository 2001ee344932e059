package dev.cascade.edge.action;

import java.time.Duration;
import java.util.Optional;

/**
 * How the edge waters a zone it is sure needs water: in proportion to the forecast deficit, like the cloud.
 *
 * @param belowPct the site's irrigation threshold (forecast moisture, %), replacing the forecast model's own;
 *     empty: the model's
 * @param minutesPerPercent minutes of watering per percentage point the forecast falls short of the threshold
 * @param maxDuration the longest one edge command waters
 */
public record IrrigationPolicy(Optional<Double> belowPct, double minutesPerPercent, Duration maxDuration) {
    /** The shortest watering worth ordering. */
    public static final Duration MIN_DURATION = Duration.ofMinutes(5);

    public IrrigationPolicy {
        if (belowPct == null) {
            throw new IllegalArgumentException("belowPct must not be null (use Optional.empty())");
        }
        if (belowPct.isPresent() && !(belowPct.get() > 0 && belowPct.get() < 100)) {
            throw new IllegalArgumentException("belowPct must be in (0, 100), was " + belowPct.get());
        }
        if (!(minutesPerPercent > 0) || Double.isInfinite(minutesPerPercent)) {
            throw new IllegalArgumentException("minutesPerPercent must be a finite number > 0, was " + minutesPerPercent);
        }
        if (maxDuration == null || maxDuration.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException("maxDuration must be >= " + MIN_DURATION + ", was " + maxDuration);
        }
    }

    /** The model's threshold, 4 minutes per point of deficit, at most 20 minutes per command. */
    public static IrrigationPolicy defaults() {
        return new IrrigationPolicy(Optional.empty(), 4, Duration.ofMinutes(20));
    }

    /** How long to water for a forecast {@code deficitPct} points below the threshold. */
    public Duration durationFor(double deficitPct) {
        Duration d = Duration.ofSeconds(Math.round(Math.max(0, deficitPct) * minutesPerPercent * 60));
        if (d.compareTo(MIN_DURATION) < 0) {
            return MIN_DURATION;
        }
        return d.compareTo(maxDuration) > 0 ? maxDuration : d;
    }
}
