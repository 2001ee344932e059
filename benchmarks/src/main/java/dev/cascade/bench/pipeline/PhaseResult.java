package dev.cascade.bench.pipeline;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.cascade.pipeline.PipelineMonitor.LatencyKind;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything one phase of a benchmark measured. Rates and latencies cover the measured interval (windows
 * sent after the warm-up); counts, losses and duplicates cover the whole phase, after draining.
 *
 * @param name {@code cascade}, {@code all-to-cloud}, {@code http-per-request} or {@code sweep-<devices>}
 * @param description what ran
 * @param devices simulated devices
 * @param machines of those, machines
 * @param zones of those, soil zones
 * @param offeredPerSecond windows per second the devices were set to send
 * @param faults strong faults started in machines during the phase
 * @param startedAt when the devices started (UTC)
 * @param warmupSeconds left out of rates and latencies
 * @param measuredSeconds the measured interval
 * @param throughput rates over the measured interval
 * @param latencyMs latency percentiles of the windows sent in the measured interval, by path
 * @param latencyByArrivalMs latency percentiles of the events that happened in the measured interval, by path (the
 *     same as latencyMs when the pipeline keeps up; when it falls behind, the only figures there are)
 * @param counts totals of the whole phase
 * @param loss lost and duplicated messages of the whole phase
 * @param resources CPU per role, memory, what other processes used
 * @param cost cost per million decided windows
 * @param loadAverage the machine's 1-minute load average
 * @param timeline one point per second
 * @param profile JFR execution samples of the measured interval by role ({@code --jfr}; empty otherwise)
 * @param processes the multi-process layout's processes by role (brokers included): start-to-ready, CPU and RSS
 *     (empty in the one-JVM layout, where {@code resources} splits the one process by thread role)
 * @param histograms the latency histograms behind {@code latencyMs} (microseconds; not in the JSON)
 */
record PhaseResult(String name, String description, int devices, int machines, int zones, double offeredPerSecond,
                   int faults, String startedAt, double warmupSeconds, double measuredSeconds, Throughput throughput,
                   Map<String, LatencyBook.Summary> latencyMs, Map<String, LatencyBook.Summary> latencyByArrivalMs,
                   Counts counts, Loss loss, RoleMeter.Usage resources,
                   Cost cost, Load loadAverage, List<PhaseLoop.Tick> timeline, JfrProfile.Summary profile,
                   Map<String, ProcessUsage> processes, @JsonIgnore Map<LatencyKind, Histogram> histograms) {

    PhaseResult {
        processes = processes == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(processes));
    }

    /** A phase of the one-JVM layout (no per-process figures). */
    PhaseResult(String name, String description, int devices, int machines, int zones, double offeredPerSecond,
                int faults, String startedAt, double warmupSeconds, double measuredSeconds, Throughput throughput,
                Map<String, LatencyBook.Summary> latencyMs, Map<String, LatencyBook.Summary> latencyByArrivalMs,
                Counts counts, Loss loss, RoleMeter.Usage resources, Cost cost, Load loadAverage,
                List<PhaseLoop.Tick> timeline, JfrProfile.Summary profile, Map<LatencyKind, Histogram> histograms) {
        this(name, description, devices, machines, zones, offeredPerSecond, faults, startedAt, warmupSeconds,
                measuredSeconds, throughput, latencyMs, latencyByArrivalMs, counts, loss, resources, cost, loadAverage,
                timeline, profile, Map.of(), histograms);
    }

    /** The JSON name of each latency path. */
    static String key(LatencyKind kind) {
        switch (kind) {
            case CLOUD_ACK: return "sensorToCloudAck";
            case EDGE_ACK: return "sensorToEdgeAck";
            case EDGE_ACTION: return "sensorToEdgeAction";
            default: return "sensorToCloudVerdict";
        }
    }

    /** Summaries of the histograms, by JSON name, empty paths left out. */
    static Map<String, LatencyBook.Summary> summaries(Map<LatencyKind, Histogram> histograms) {
        Map<String, LatencyBook.Summary> out = new LinkedHashMap<>();
        for (LatencyKind k : LatencyKind.values()) {
            Histogram h = histograms.get(k);
            if (h != null && h.getTotalCount() > 0) {
                out.put(key(k), LatencyBook.Summary.of(h));
            }
        }
        return out;
    }

    /** Summaries of the book's histograms by arrival, by JSON name. */
    static Map<String, LatencyBook.Summary> byArrival(LatencyBook book) {
        Map<LatencyKind, Histogram> h = new EnumMap<>(LatencyKind.class);
        for (LatencyKind k : LatencyKind.values()) {
            h.put(k, book.arrived(k));
        }
        return summaries(h);
    }

    /** Copies of the book's measured histograms. */
    static Map<LatencyKind, Histogram> histograms(LatencyBook book) {
        Map<LatencyKind, Histogram> out = new EnumMap<>(LatencyKind.class);
        for (LatencyKind k : LatencyKind.values()) {
            out.put(k, book.measured(k).copy());
        }
        return out;
    }

    /** The latency of one path, or an empty summary. */
    LatencyBook.Summary latency(LatencyKind kind) {
        return latencyMs.getOrDefault(key(kind), LatencyBook.Summary.EMPTY);
    }

    /**
     * @param windowsSentPerSecond windows the devices published
     * @param windowsInPerSecond windows that reached the deciding side (the edge agent; the HTTP server)
     * @param decidedPerSecond windows decided, at the edge or in the cloud
     * @param edgeDecidedPerSecond of those, at the edge
     * @param escalatedPerSecond windows sent to the cloud
     * @param cloudInferredPerSecond windows the cloud model scored
     * @param edgeShare share of the windows in that the edge decided alone
     * @param commandsPerMinute commands issued (cloud and edge)
     * @param cloudCommandsPerMinute of those, by the cloud
     * @param edgeCommandsPerMinute of those, by the edge
     * @param acksPerMinute successful acknowledgements that reached Kafka
     * @param uplinkBytesPerSecond payload bytes sent to the cloud
     * @param uplinkBytesPerWindow the same per window in
     * @param sensorBytesPerSecond payload bytes the devices published (to the local broker)
     * @param meanCloudBatch windows per cloud model call
     */
    record Throughput(double windowsSentPerSecond, double windowsInPerSecond, double decidedPerSecond,
                      double edgeDecidedPerSecond, double escalatedPerSecond, double cloudInferredPerSecond,
                      double edgeShare, double commandsPerMinute, double cloudCommandsPerMinute,
                      double edgeCommandsPerMinute, double acksPerMinute, double uplinkBytesPerSecond,
                      double uplinkBytesPerWindow, double sensorBytesPerSecond, double meanCloudBatch) {}

    /**
     * @param windowsSent windows the broker acknowledged to the devices (HTTP: windows the devices made)
     * @param windowsAtEdge windows the edge agent received (HTTP: requests answered)
     * @param edgeDecided windows the edge decided alone
     * @param escalated escalations the edge queued, by reason
     * @param escalationsSent distinct escalations the broker acknowledged to the edge
     * @param escalationsInKafka distinct escalations on the Kafka topic
     * @param escalationRecords escalation records on Kafka, duplicates included
     * @param cloudInferred windows the cloud scored
     * @param cloudDuplicatesSkipped escalations the cloud workers skipped as already scored
     * @param commandsByCloud commands the cloud issued
     * @param commandsByEdge commands the edge issued
     * @param acksOk successful acknowledgements on Kafka
     * @param commandsFailed commands refused, expired or failed
     * @param alerts alerts on Kafka
     * @param deadLetters records on the dead-letter topic
     * @param machinesStopped machines stopped at the end
     */
    record Counts(long windowsSent, long windowsAtEdge, long edgeDecided, Map<String, Long> escalated,
                  long escalationsSent, long escalationsInKafka, long escalationRecords, long cloudInferred,
                  long cloudDuplicatesSkipped, long commandsByCloud, long commandsByEdge, long acksOk, long commandsFailed,
                  long alerts, long deadLetters, long machinesStopped) {}

    /**
     * @param drained whether every window and escalation was accounted for before the drain timeout
     * @param lostWindows windows the broker acknowledged to a device that never reached the edge (HTTP: never answered)
     * @param duplicateWindows windows the edge received more often than they were sent
     * @param lostEscalations escalations the broker acknowledged to the edge that are not on Kafka
     * @param duplicateEscalationsOnKafka escalation records on Kafka beyond the first of each window
     * @param failedRequests HTTP requests that failed or were refused (HTTP baseline only)
     * @param lost lostWindows + lostEscalations + failedRequests
     */
    record Loss(boolean drained, long lostWindows, long duplicateWindows, long lostEscalations,
                long duplicateEscalationsOnKafka, long failedRequests, long lost) {}

    /**
     * Cost per million decided windows on the stated instance.
     *
     * @param pipelineCores CPU of the pipeline's roles (everything but the simulated devices and the harness,
     *     GC and JIT included)
     * @param cloudSideCores of those, what runs in the cloud (everything but the edge agent)
     * @param coreMillisPerWindow pipeline CPU per decided window, ms
     * @param dollarsPerMillion by CPU share: a fully used instance of {@code price} serves this many windows
     * @param cloudSideDollarsPerMillion the same for the cloud side only (the edge runs on the customer's gateway)
     * @param dollarsPerMillionAtOfferedRate the whole instance for the rate offered in this phase
     */
    record Cost(double pipelineCores, double cloudSideCores, double coreMillisPerWindow, double dollarsPerMillion,
                double cloudSideDollarsPerMillion, double dollarsPerMillionAtOfferedRate) {
        /** Prices what {@code usage} shows for {@code decidedPerSecond} on {@code price}. */
        static Cost of(RoleMeter.Usage usage, double decidedPerSecond, InstancePrice price) {
            double devices = usage.cores(List.of(ThreadRoles.SIMULATOR, ThreadRoles.HARNESS, ThreadRoles.HTTP_CLIENT));
            double pipeline = Math.max(0, usage.processCores() - devices);
            double cloudSide = Math.max(0, pipeline - usage.cores(List.of(ThreadRoles.EDGE)));
            return ofCores(pipeline, cloudSide, decidedPerSecond, price);
        }

        /** Prices {@code pipeline} cores (of which {@code cloudSide} run in the cloud) for {@code decidedPerSecond}. */
        static Cost ofCores(double pipeline, double cloudSide, double decidedPerSecond, InstancePrice price) {
            double perWindow = decidedPerSecond > 0 ? pipeline / decidedPerSecond : Double.NaN;
            double cloudPerWindow = decidedPerSecond > 0 ? cloudSide / decidedPerSecond : Double.NaN;
            return new Cost(RoleMeter.round(pipeline), RoleMeter.round(cloudSide), round6(perWindow * 1000),
                    round6(price.perMillionByCpu(perWindow)), round6(price.perMillionByCpu(cloudPerWindow)),
                    round6(price.perMillionOnWholeInstance(decidedPerSecond)));
        }

        private static double round6(double v) {
            return Double.isNaN(v) ? v : Math.round(v * 1e6) / 1e6;
        }
    }

    /**
     * @param beforePhase when the phase started (the previous phase's load decays with a 1-minute time constant)
     * @param meanDuringMeasurement mean over the measured interval, this process included
     * @param maxDuringMeasurement maximum over the measured interval
     */
    record Load(double beforePhase, double meanDuringMeasurement, double maxDuringMeasurement) {}
}
