package dev.cascade.sim.fleet;

import dev.cascade.protocol.topic.Topics;
import dev.cascade.checks.Checks;

/**
 * How a fleet runs.
 *
 * @param topics the topic namespace the devices publish and subscribe under
 * @param workers threads that generate windows and carry out commands (each owns a share of the devices)
 * @param jitter standard deviation of each interval between windows, as a fraction of the period, [0, 0.5]
 * @param seed seeds the schedule jitter, start phases and event picks
 */
public record FleetOptions(Topics topics, int workers, double jitter, long seed) {
    public FleetOptions {
        Checks.notNull(topics, "topics");
        Checks.check(workers >= 1 && workers <= 64, "workers", "in [1, 64]", workers);
        Checks.inRange(jitter, 0, 0.5, "jitter");
    }

    public static FleetOptions defaults(Topics topics) {
        return new FleetOptions(topics, 2, 0.05, 1);
    }
}
