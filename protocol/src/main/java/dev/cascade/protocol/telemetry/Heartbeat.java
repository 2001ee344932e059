package dev.cascade.protocol.telemetry;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.cascade.checks.Checks;
import dev.cascade.protocol.WireMessage;
import dev.cascade.protocol.model.ModelRef;
import dev.cascade.protocol.window.DeviceId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A gateway's periodic health report, published on the {@code telemetry} channel under the gateway's own id.
 * Counts named {@code ...InInterval} cover the {@code intervalMillis} since the previous heartbeat; the others are
 * totals since the agent started.
 *
 * @param gatewayId the agent that reports
 * @param sequence 0 for the first heartbeat after a start, then one more each time
 * @param sentAt when it was made
 * @param intervalMillis the time the interval counts cover
 * @param models the model versions the agent scores with
 * @param queueDepth items waiting to go up (escalations, telemetry)
 * @param queueAgeMillis age of the oldest waiting item (0 when empty or not known)
 * @param windowsInInterval windows received
 * @param escalationsInInterval escalations by reason ({@code EscalationReason} display names)
 * @param inferenceP50Micros median features-plus-invoke time in the interval (0 without windows)
 * @param inferenceP99Micros 99th percentile of the same
 * @param cpuLoad the agent process's share of the machine's CPU, 0..1 (-1 when not known)
 * @param heapUsedBytes JVM heap in use
 * @param residentBytes resident memory of the process (0 when not known)
 * @param diskFreeBytes free space where the agent keeps its state
 * @param silentSensors devices that sent windows before and none for longer than the agent's silence limit
 * @param refusedByRule commands refused so far, by the rule that refused them
 * @param failSafe whether the outputs are held in their fail-safe state (link to the cloud lost)
 * @param configVersion the remote configuration in force ("" for the file's own)
 * @param configRefusal why the last remote configuration was refused ("" when none was)
 */
@JsonPropertyOrder({"v", "gatewayId", "sequence", "sentAt", "intervalMillis", "models", "queueDepth", "queueAgeMillis",
        "windowsInInterval", "escalationsInInterval", "inferenceP50Micros", "inferenceP99Micros", "cpuLoad",
        "heapUsedBytes", "residentBytes", "diskFreeBytes", "silentSensors", "refusedByRule", "failSafe",
        "configVersion", "configRefusal"})
public record Heartbeat(DeviceId gatewayId, long sequence, Instant sentAt, long intervalMillis, List<ModelRef> models,
                        long queueDepth, long queueAgeMillis, long windowsInInterval,
                        Map<String, Long> escalationsInInterval, long inferenceP50Micros, long inferenceP99Micros,
                        double cpuLoad, long heapUsedBytes, long residentBytes, long diskFreeBytes,
                        List<DeviceId> silentSensors, Map<String, Long> refusedByRule, boolean failSafe,
                        String configVersion, String configRefusal) implements WireMessage {
    /** The most silent sensors one heartbeat names. */
    public static final int MAX_SILENT = 256;

    public Heartbeat {
        Checks.notNull(gatewayId, "gatewayId");
        Checks.nonNegative(sequence, "sequence");
        sentAt = Checks.micros(sentAt, "sentAt");
        Checks.nonNegative(intervalMillis, "intervalMillis");
        models = Checks.immutable(models, "models");
        Checks.nonNegative(queueDepth, "queueDepth");
        Checks.nonNegative(queueAgeMillis, "queueAgeMillis");
        Checks.nonNegative(windowsInInterval, "windowsInInterval");
        escalationsInInterval = counts(escalationsInInterval, "escalationsInInterval");
        Checks.nonNegative(inferenceP50Micros, "inferenceP50Micros");
        Checks.nonNegative(inferenceP99Micros, "inferenceP99Micros");
        Checks.check(cpuLoad == -1 || (cpuLoad >= 0 && cpuLoad <= 1), "cpuLoad", "in [0, 1] or -1", cpuLoad);
        Checks.nonNegative(heapUsedBytes, "heapUsedBytes");
        Checks.nonNegative(residentBytes, "residentBytes");
        Checks.nonNegative(diskFreeBytes, "diskFreeBytes");
        silentSensors = Checks.immutable(silentSensors, "silentSensors");
        Checks.check(silentSensors.size() <= MAX_SILENT, "silentSensors", "at most " + MAX_SILENT + " devices",
                silentSensors.size());
        refusedByRule = counts(refusedByRule, "refusedByRule");
        configVersion = configVersion == null ? "" : Checks.maxLength(configVersion, 64, "configVersion");
        configRefusal = configRefusal == null ? "" : Checks.maxLength(configRefusal, 500, "configRefusal");
    }

    private static Map<String, Long> counts(Map<String, Long> m, String field) {
        Checks.notNull(m, field);
        for (Map.Entry<String, Long> e : m.entrySet()) {
            Checks.check(e.getKey() != null && e.getKey().matches("[a-z0-9_]{1,40}"), field + " key",
                    "1-40 characters of [a-z0-9_]", e.getKey());
            Checks.check(e.getValue() != null && e.getValue() >= 0, field + "." + e.getKey(), ">= 0", e.getValue());
        }
        return Map.copyOf(new TreeMap<>(m));
    }
}
