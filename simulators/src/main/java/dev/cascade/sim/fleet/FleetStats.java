package dev.cascade.sim.fleet;

import dev.cascade.protocol.codec.RejectReason;
import dev.cascade.protocol.command.AckStatus;
import java.time.Duration;
import java.util.Map;

/**
 * A snapshot of a fleet's counters (totals since start).
 *
 * @param elapsed time since the fleet started
 * @param devices all devices
 * @param machines vibration devices
 * @param machinesRunning of those, machines commanded to run
 * @param soilZones soil devices
 * @param windowsPublished windows handed to the transport
 * @param windowsDelivered of those, confirmed by the broker (QoS 1) or written (QoS 0)
 * @param windowsFailed of those, failed to publish
 * @param windowsDropped windows lost to sensor dropouts (never published, no sequence number used)
 * @param windowsSuppressed windows not sent because of scheduled outages
 * @param bytesPublished payload bytes of the published windows
 * @param scheduleSlips times a device fell more than two periods behind its schedule (the runner is overloaded)
 * @param commandsReceived commands decoded and routed to a device
 * @param commandsRejected messages on command topics that could not be decoded or were misaddressed, by reason
 * @param acks acknowledgements sent, by status
 * @param acksFailed acknowledgements that failed to publish
 * @param faultsInjected faults started by scheduled events
 * @param waterUsedLitres water delivered by all valves
 * @param moistureInBandNow share of zones whose water content is inside the band now
 * @param moistureInBandTime share of all readings so far whose water content was inside the band
 * @param errors unexpected failures inside the runner (logged)
 */
public record FleetStats(Duration elapsed, int devices, int machines, int machinesRunning, int soilZones,
                         long windowsPublished, long windowsDelivered, long windowsFailed, long windowsDropped,
                         long windowsSuppressed, long bytesPublished, long scheduleSlips, long commandsReceived,
                         Map<RejectReason, Long> commandsRejected, Map<AckStatus, Long> acks, long acksFailed,
                         long faultsInjected, double waterUsedLitres, double moistureInBandNow,
                         double moistureInBandTime, long errors) {
    public FleetStats {
        commandsRejected = Map.copyOf(commandsRejected);
        acks = Map.copyOf(acks);
    }

    /** All acknowledgements sent. */
    public long acksTotal() {
        return acks.values().stream().mapToLong(Long::longValue).sum();
    }

    /** All rejected command messages. */
    public long commandsRejectedTotal() {
        return commandsRejected.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Windows per second since start. */
    public double windowsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? windowsPublished / s : 0;
    }
}
