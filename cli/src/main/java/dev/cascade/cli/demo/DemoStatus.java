package dev.cascade.cli.demo;

import dev.cascade.actuators.delivery.DeliveryStats;
import dev.cascade.pipeline.Pipeline;
import dev.cascade.pipeline.PipelineMonitor;
import dev.cascade.cloud.worker.WorkerStats;
import dev.cascade.edge.EdgeStats;
import dev.cascade.ingest.IngestStats;
import dev.cascade.protocol.escalation.EscalationReason;
import dev.cascade.sim.fleet.FleetStats;
import dev.cascade.sim.run.Simulation;
import java.time.Duration;
import dev.cascade.sim.device.VibrationDevice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's live status line and final report, from every role's counters. Not thread-safe. */
final class DemoStatus {
    private final Pipeline pipeline;
    private final long startNanos = System.nanoTime();
    private Simulation simulation;
    private long lastNanos = startNanos;
    private long lastWindows;
    private volatile Map<String, Object> latest = Map.of();

    DemoStatus(Pipeline pipeline) {
        this.pipeline = pipeline;
    }

    void attach(Simulation s) {
        this.simulation = s;
    }

    String line() {
        long now = System.nanoTime();
        EdgeStats e = pipeline.edge().stats();
        IngestStats i = pipeline.ingest().stats();
        WorkerStats c = pipeline.cloud().stats();
        DeliveryStats d = pipeline.delivery().stats();
        PipelineMonitor.Snapshot m = pipeline.monitor().snapshot();
        double dt = (now - lastNanos) / 1e9;
        double rate = dt > 0 ? (e.windows() - lastWindows) / dt : 0;
        lastNanos = now;
        lastWindows = e.windows();
        long decided = e.decidedLocally();
        long escalated = e.escalatedTotal();
        double share = decided + escalated == 0 ? 0 : 100.0 * decided / (decided + escalated);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "[%4.0fs] windows %5.0f/s (%d) | edge decided %5.1f%% | escalated %d | ingested %d | inferred %d "
                        + "| commands %d sent, %d acked | e2e p50 %s p99 %s | alerts %d",
                (now - startNanos) / 1e9, rate, e.windows(), share, escalated, i.written(), c.inferred(),
                d.commandsSent() + e.localActions(), m.acked(), ms(m.cloudLatencyInterval().count(),
                        m.cloudLatencyInterval().p50()), ms(m.cloudLatencyInterval().count(), m.cloudLatencyInterval().p99()),
                m.alerts()));
        Map<String, Object> tiles = new LinkedHashMap<>();
        tiles.put("windows/s", Math.round(rate));
        tiles.put("decided at edge", String.format(Locale.ROOT, "%.1f%%", share));
        tiles.put("escalated", escalated);
        tiles.put("inferred in cloud", c.inferred());
        tiles.put("mean batch", String.format(Locale.ROOT, "%.1f", c.meanBatch()));
        tiles.put("commands sent", d.commandsSent() + e.localActions());
        tiles.put("commands acked", m.acked());
        tiles.put("e2e p50", ms(m.cloudLatency().count(), m.cloudLatency().p50()));
        tiles.put("e2e p99", ms(m.cloudLatency().count(), m.cloudLatency().p99()));
        tiles.put("edge action p99", ms(m.edgeLatency().count(), m.edgeLatency().p99()));
        tiles.put("alerts", m.alerts());
        tiles.put("dead letters", m.deadLetters());
        if (simulation != null) {
            FleetStats f = simulation.stats();
            if (f.machines() > 0) {
                s.append(String.format(Locale.ROOT, " | machines %d/%d running", f.machinesRunning(), f.machines()));
                tiles.put("machines running", f.machinesRunning() + " / " + f.machines());
            }
            if (f.soilZones() > 0) {
                tiles.put("zones in band", String.format(Locale.ROOT, "%.0f%%", 100 * f.moistureInBandNow()));
                tiles.put("water used", String.format(Locale.ROOT, "%.0f L", f.waterUsedLitres()));
            }
        }
        latest = tiles;
        return s.toString();
    }

    /** The status of the last {@link #line()} as dashboard tiles. Thread-safe. */
    Map<String, Object> latest() {
        return latest;
    }

    private static String ms(long count, double v) {
        return count == 0 ? "-" : String.format(Locale.ROOT, "%.1fms", v);
    }

    /**
     * Waits (up to {@code timeout}) until every window the sensors sent is accounted for (decided at the edge or
     * on Kafka, by id) and every escalation the edge sent is in Kafka, then summarises the run: {@code lost}
     * comes from the ledger of ids the simulated devices sent, and the roles' problems (dead or stalled
     * workers) are part of the report.
     */
    DemoReport drainAndReport(Duration elapsed, Duration timeout) throws InterruptedException {
        FleetStats f = simulation.stats();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            EdgeStats e = pipeline.edge().stats();
            PipelineMonitor.Snapshot m = pipeline.monitor().snapshot();
            boolean edgeDone = m.windows().unaccounted() == 0 && e.uplinkBacklog() == 0;
            boolean kafkaDone = m.escalationsMissing() == 0 && pipeline.ingest().stats().pending() == 0;
            boolean cloudDone = pipeline.cloud().stats().escalations() >= m.escalationRecords()
                    && pipeline.delivery().stats().pending() == 0;
            if (edgeDone && kafkaDone && cloudDone) {
                break;
            }
            Thread.sleep(100);
        }
        Thread.sleep(500);
        EdgeStats e = pipeline.edge().stats();
        IngestStats i = pipeline.ingest().stats();
        WorkerStats c = pipeline.cloud().stats();
        DeliveryStats d = pipeline.delivery().stats();
        PipelineMonitor.Snapshot m = pipeline.monitor().snapshot();
        // By id, never from arrival counts: windows injected on the broker cannot hide missing ones.
        long windowsLost = m.windows().unaccounted();
        long lost = windowsLost + m.escalationsMissing();
        List<String> problems = pipeline.health().problems();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("durationSeconds", Math.round(elapsed.toMillis() / 100.0) / 10.0);
        r.put("windows", e.windows());
        r.put("windowsSent", m.windows().sent());
        r.put("windowsDelivered", f.windowsDelivered());
        r.put("windowsFailed", f.windowsFailed());
        r.put("windowsDecidedAtEdge", m.windows().decidedAtEdge());
        r.put("windowsEscalatedToKafka", m.windows().escalatedToKafka());
        r.put("windowsForeign", m.windows().foreign());
        r.put("edgeDecided", e.decidedLocally());
        r.put("escalated", e.escalatedTotal());
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (EscalationReason reason : EscalationReason.values()) {
            reasons.put(reason.displayName(), e.escalated().get(reason));
        }
        r.put("escalatedBy", reasons);
        r.put("edgeShare", e.windows() == 0 ? 0 : Math.round(10000.0 * e.decidedLocally() / e.windows()) / 10000.0);
        r.put("rejected", e.rejected());
        r.put("ingested", i.written());
        Map<String, Long> ingest = new LinkedHashMap<>();
        ingest.put("received", i.received());
        ingest.put("decoded", i.decoded());
        ingest.put("decided", i.decided());
        ingest.put("written", i.written());
        ingest.put("deadLettered", i.deadLettered());
        ingest.put("escalationsRefused", i.escalationsRefused());
        ingest.put("deadLetterFailures", i.deadLetterFailures());
        ingest.put("acknowledged", i.acknowledged());
        r.put("ingest", ingest);
        r.put("inferred", c.inferred());
        r.put("meanBatch", Math.round(c.meanBatch() * 100) / 100.0);
        r.put("commandsSent", d.commandsSent() + e.localActions());
        r.put("commandsSentByCloud", d.commandsSent());
        r.put("commandsSentByEdge", e.localActions());
        r.put("commandsAcked", m.acked());
        r.put("acksUnknown", m.acksUnknown());
        r.put("acksUnsolicited", d.acksUnsolicited());
        r.put("commandsFailed", d.failed());
        r.put("alerts", m.alerts());
        r.put("alarms", alarms());
        r.put("deadLetters", m.deadLetters());
        r.put("lost", lost);
        r.put("lostWindows", windowsLost);
        r.put("lostEscalations", m.escalationsMissing());
        r.put("problems", problems);
        r.put("latencyMs", latency(m.cloudLatency()));
        r.put("edgeActionLatencyMs", latency(m.edgeLatency()));
        r.put("machinesRunning", f.machinesRunning());
        r.put("machines", f.machines());
        List<String> faulty = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        // The simulation has stopped: reading its machines from this thread is safe now.
        simulation.fleet().devices().forEach((id, device) -> {
            if (device.device() instanceof VibrationDevice v) {
                if (!v.machine().faults().isEmpty()) {
                    faulty.add(id.value());
                }
                if (!v.machine().running()) {
                    stopped.add(id.value());
                }
            }
        });
        java.util.Collections.sort(faulty);
        java.util.Collections.sort(stopped);
        r.put("machinesWithFaults", faulty);
        r.put("machinesStopped", stopped);
        r.put("uplinkBytes", e.uplinkBytes());
        r.put("cloudBackend", String.join(",", pipeline.cloud().backends().values()));
        return new DemoReport(r, lost, problems);
    }

    private static Map<String, Object> latency(PipelineMonitor.Latency l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", l.count());
        m.put("p50", round(l.p50()));
        m.put("p90", round(l.p90()));
        m.put("p99", round(l.p99()));
        m.put("max", round(l.max()));
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** What an operator sees of the alerts: alarms by event, and the changes they would be told of, by severity. */
    private Map<String, Object> alarms() {
        dev.cascade.actuators.alarm.AlarmService s = pipeline.alarms().service();
        Map<String, Object> a = new LinkedHashMap<>();
        s.events().forEach((k, v) -> a.put(k.displayName(), v));
        Map<String, Object> notify = new LinkedHashMap<>();
        s.notifyingEvents().forEach((k, v) -> notify.put(k.displayName(), v));
        a.put("notifyingBySeverity", notify);
        a.put("activeAtEnd", s.activeAlarms());
        a.put("openAtEnd", s.openAlarms());
        return a;
    }
}
