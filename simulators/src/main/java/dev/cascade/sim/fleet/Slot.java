package dev.cascade.sim.fleet;

import dev.cascade.sim.device.SimDevice;
import dev.cascade.sim.device.SoilDevice;
import dev.cascade.sim.device.VibrationDevice;
import dev.cascade.sim.transport.Transport;
import java.time.Instant;

/** One device's place in the fleet: its schedule and the state others may read. Owned by one worker. */
final class Slot {
    final FleetDevice spec;
    final SimDevice device;
    final Worker worker;
    final String windowTopic;
    final String ackTopic;
    Transport.Link link;
    long dueNanos;
    long silentUntilNanos = Long.MIN_VALUE;

    // Written by the owning worker, read by stats().
    volatile boolean machineRunning = true;
    volatile double waterUsedLitres;
    volatile boolean inBandNow;
    volatile long frames;
    volatile long framesInBand;

    Slot(FleetDevice spec, Worker worker, String windowTopic, String ackTopic) {
        this.spec = spec;
        this.device = spec.device();
        this.worker = worker;
        this.windowTopic = windowTopic;
        this.ackTopic = ackTopic;
    }

    /** The device's own (skewed) clock. */
    Instant deviceNow(Instant trueNow, Instant fleetStart) {
        long offset = spec.clockOffset().toNanos();
        if (spec.clockDriftPpm() != 0) {
            long elapsed = java.time.Duration.between(fleetStart, trueNow).toNanos();
            offset += (long) (elapsed * spec.clockDriftPpm() * 1e-6);
        }
        return trueNow.plusNanos(offset);
    }

    void publishState() {
        if (device instanceof VibrationDevice) {
            machineRunning = ((VibrationDevice) device).machine().running();
        } else if (device instanceof SoilDevice) {
            SoilDevice s = (SoilDevice) device;
            waterUsedLitres = s.zone().waterUsedLitres();
            inBandNow = s.band().contains(s.zone().moisturePct());
            frames = s.frames();
            framesInBand = s.framesInBand();
        }
    }
}
