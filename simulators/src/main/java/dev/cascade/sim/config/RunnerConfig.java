package dev.cascade.sim.config;

import dev.cascade.config.ConfigNode;
import java.time.Duration;

/**
 * How the fleet runner schedules devices.
 *
 * @param workers threads generating windows and carrying out commands
 * @param jitter standard deviation of each interval between a device's windows, as a fraction of its period
 * @param clockOffsetStdDev spread of the devices' clock offsets (normal, either sign)
 * @param clockDriftPpmStdDev spread of the devices' clock drift, ppm
 */
public record RunnerConfig(int workers, double jitter, Duration clockOffsetStdDev, double clockDriftPpmStdDev) {
    static RunnerConfig read(ConfigNode n) {
        RunnerConfig c = new RunnerConfig(
                (int) n.integer("workers", 2, 1, 64, "threads generating windows and carrying out commands"),
                n.number("jitter", 0.05, 0, 0.5, "standard deviation of a device's interval between windows, fraction of its period"),
                n.duration("clockOffsetStdDev", Duration.ZERO, Duration.ZERO, Duration.ofHours(1),
                        "spread of device clock offsets (sentAt is stamped by the device's clock)"),
                n.number("clockDriftPpmStdDev", 0, 0, 1000, "spread of device clock drift, ppm"));
        n.finish();
        return c;
    }
}
