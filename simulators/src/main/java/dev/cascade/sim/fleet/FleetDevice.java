package dev.cascade.sim.fleet;

import dev.cascade.sim.device.SimDevice;
import dev.cascade.checks.Checks;
import java.time.Duration;

/**
 * A device in a fleet with its sending rhythm and its clock error.
 *
 * @param device the simulated device
 * @param period mean time between its windows (wall clock); the fleet adds jitter
 * @param clockOffset how far the device's clock is off (either sign); it stamps {@code sentAt} with it
 * @param clockDriftPpm how fast the device's clock gains (positive) or loses, parts per million
 */
public record FleetDevice(SimDevice device, Duration period, Duration clockOffset, double clockDriftPpm) {
    public FleetDevice {
        Checks.notNull(device, "device");
        Checks.check(period != null && period.compareTo(Duration.ofMillis(1)) >= 0, "period", ">= PT0.001S", period);
        Checks.notNull(clockOffset, "clockOffset");
        Checks.inRange(clockDriftPpm, -10_000, 10_000, "clockDriftPpm");
    }

    /** A device with a perfect clock. */
    public static FleetDevice of(SimDevice device, Duration period) {
        return new FleetDevice(device, period, Duration.ZERO, 0);
    }
}
