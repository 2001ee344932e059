package dev.cascade.edge.health;

import dev.cascade.edge.EdgeStats;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.telemetry.Heartbeat;
import dev.cascade.protocol.window.DeviceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Makes a gateway's successive heartbeats, turning its running totals into counts per interval. Not thread-safe. */
public final class HeartbeatMaker {
    private final DeviceId gateway;
    private final SystemProbe system;
    private long sequence;
    private Instant previousAt;
    private EdgeStats previous;

    public HeartbeatMaker(DeviceId gateway, SystemProbe system, Instant start) {
        this.gateway = gateway;
        this.system = system;
        this.previousAt = start;
    }

    /** The next heartbeat, from the agent's state at {@code now}. */
    public Heartbeat next(Instant now, EdgeStats stats, List<ModelRef> models, long[] inferenceP50P99Micros,
                          List<DeviceId> silent, Map<String, Long> refusedByRule, boolean failSafe,
                          String configVersion, String configRefusal) {
        Map<String, Long> escalations = new TreeMap<>();
        for (Map.Entry<EscalationReason, Long> e : stats.escalated().entrySet()) {
            long before = previous == null ? 0 : previous.escalated().getOrDefault(e.getKey(), 0L);
            if (e.getValue() - before > 0) {
                escalations.put(e.getKey().displayName(), e.getValue() - before);
            }
        }
        long windows = stats.windows() - (previous == null ? 0 : previous.windows());
        long interval = Math.max(0, Duration.between(previousAt, now).toMillis());
        Heartbeat h = new Heartbeat(gateway, sequence++, now, interval, models, stats.uplinkBacklog(), 0, windows,
                escalations, inferenceP50P99Micros[0], inferenceP50P99Micros[1], system.cpuLoad(),
                system.heapUsedBytes(), system.residentBytes(), system.diskFreeBytes(),
                silent.size() > Heartbeat.MAX_SILENT ? silent.subList(0, Heartbeat.MAX_SILENT) : silent, refusedByRule,
                failSafe, configVersion, configRefusal);
        previous = stats;
        previousAt = now;
        return h;
    }
}
