package dev.cascade.sim.fleet;

import dev.cascade.protocol.window.DeviceId;
import dev.cascade.checks.Checks;
import java.util.SplittableRandom;

/**
 * Picks the devices an event applies to: those whose id starts with {@code prefix} (empty: all), and
 * of those a seeded random {@code share}.
 */
public record DeviceSelector(String prefix, double share) {
    public DeviceSelector {
        Checks.notNull(prefix, "prefix");
        Checks.check(share > 0 && share <= 1, "share", "in (0, 1]", share);
    }

    public static DeviceSelector all() {
        return new DeviceSelector("", 1);
    }

    /** Whether {@code device} is picked; the same seed picks the same devices. */
    public boolean picks(DeviceId device, long seed) {
        if (!device.value().startsWith(prefix)) {
            return false;
        }
        return share >= 1 || new SplittableRandom(seed ^ device.value().hashCode() * 0x9E3779B97F4A7C15L).nextDouble() < share;
    }
}
