package dev.cascade.sim.fleet;

import dev.cascade.sim.factory.Fault;
import dev.cascade.checks.Checks;
import java.time.Duration;

/** Something scheduled to happen to some devices a while after the fleet starts. */
public sealed interface FleetEvent permits FleetEvent.InjectFault, FleetEvent.Dropout {
    /** When, after the fleet's start. */
    Duration at();

    DeviceSelector devices();

    /** A fault starts (and grows) in the picked machines. */
    record InjectFault(Duration at, DeviceSelector devices, Fault fault) implements FleetEvent {
        public InjectFault {
            Checks.check(at != null && !at.isNegative(), "at", ">= 0", at);
            Checks.notNull(devices, "devices");
            Checks.notNull(fault, "fault");
        }
    }

    /** The picked devices go silent for {@code length} (their physics keeps running). */
    record Dropout(Duration at, DeviceSelector devices, Duration length) implements FleetEvent {
        public Dropout {
            Checks.check(at != null && !at.isNegative(), "at", ">= 0", at);
            Checks.notNull(devices, "devices");
            Checks.check(length != null && !length.isNegative() && !length.isZero(), "length", "> 0", length);
        }
    }
}
