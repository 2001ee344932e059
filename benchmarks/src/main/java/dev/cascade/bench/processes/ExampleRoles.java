package dev.cascade.bench.processes;

import dev.cascade.infra.net.FreePort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The roles of the multi-process layout from their example files ({@code <module>/examples/<role>.yaml}), with the
 * benchmark's brokers, namespace, instance ids, free ops ports and settings given as {@code CASCADE_<ROLE>_*}
 * environment overrides (docs/CONFIGURATION.md).
 */
public final class ExampleRoles {
    /** The roles every layout starts, in start order. */
    public static final List<String> ROLES = List.of("edge", "ingest", "infer", "actuate");

    /**
     * What the benchmark overrides besides brokers, namespace, ids and ports.
     *
     * @param edgeWorkers edge inference threads
     * @param cloudWorkers cloud consumer threads
     * @param maxBatch the cloud's largest micro-batch
     * @param partitions partitions of the topics a role creates
     * @param actionCooldown edge and cloud action cooldown per device
     * @param dashboard also start the dashboard
     */
    public record Settings(int edgeWorkers, int cloudWorkers, int maxBatch, int partitions, Duration actionCooldown,
                           boolean dashboard) {
        public Settings {
            if (edgeWorkers < 1 || cloudWorkers < 1 || maxBatch < 1 || partitions < 1) {
                throw new IllegalArgumentException("edgeWorkers, cloudWorkers, maxBatch and partitions must be >= 1, was "
                        + edgeWorkers + ", " + cloudWorkers + ", " + maxBatch + ", " + partitions);
            }
            if (actionCooldown == null || actionCooldown.isNegative()) {
                throw new IllegalArgumentException("actionCooldown must be >= 0, was " + actionCooldown);
            }
        }
    }

    private ExampleRoles() {}

    /** Each role's spec, in start order: edge, ingest, infer, actuate (and the dashboard when asked). */
    public static List<RoleSpec> specs(Path home, Settings s, String namespace, String instance, String mqtt,
                                       String kafka) {
        String cooldown = s.actionCooldown().toMillis() + "ms";
        String partitions = String.valueOf(s.partitions());
        Map<String, String> edge = Map.of("CASCADE_EDGE_NAMESPACE", namespace,
                "CASCADE_EDGE_GATEWAY_ID", "gateway-" + instance,
                "CASCADE_EDGE_SENSORS_MQTT_URI", mqtt,
                "CASCADE_EDGE_SENSORS_MQTT_CLIENT_ID", "gateway-" + instance + "-sensors",
                "CASCADE_EDGE_WORKERS", String.valueOf(s.edgeWorkers()),
                "CASCADE_EDGE_ACTION_COOLDOWN", cooldown);
        Map<String, String> ingest = Map.of("CASCADE_INGEST_NAMESPACE", namespace,
                "CASCADE_INGEST_INSTANCE_ID", "ingest-" + instance,
                "CASCADE_INGEST_MQTT_URI", mqtt,
                "CASCADE_INGEST_MQTT_CLIENT_ID", "ingest-" + instance,
                "CASCADE_INGEST_KAFKA_BOOTSTRAP", kafka,
                "CASCADE_INGEST_KAFKA_CLIENT_ID", "ingest-" + instance,
                "CASCADE_INGEST_CREATE_TOPICS_PARTITIONS", partitions);
        Map<String, String> infer = Map.of("CASCADE_INFER_NAMESPACE", namespace,
                "CASCADE_INFER_INSTANCE_ID", "cloud-infer-" + instance,
                "CASCADE_INFER_KAFKA_BOOTSTRAP", kafka,
                "CASCADE_INFER_KAFKA_CLIENT_ID", "cloud-infer-" + instance,
                "CASCADE_INFER_WORKERS", String.valueOf(s.cloudWorkers()),
                "CASCADE_INFER_MAX_BATCH", String.valueOf(s.maxBatch()),
                "CASCADE_INFER_ACTION_COOLDOWN", cooldown,
                "CASCADE_INFER_CREATE_TOPICS_PARTITIONS", partitions);
        Map<String, String> actuate = Map.of("CASCADE_ACTUATE_NAMESPACE", namespace,
                "CASCADE_ACTUATE_INSTANCE_ID", "actuators-" + instance,
                "CASCADE_ACTUATE_MQTT_URI", mqtt,
                "CASCADE_ACTUATE_MQTT_CLIENT_ID", "actuators-" + instance,
                "CASCADE_ACTUATE_KAFKA_BOOTSTRAP", kafka,
                "CASCADE_ACTUATE_KAFKA_CLIENT_ID", "actuators-" + instance,
                "CASCADE_ACTUATE_CREATE_TOPICS_PARTITIONS", partitions);
        List<RoleSpec> out = new ArrayList<>();
        out.add(spec("edge", home.resolve("edge-agent/examples/edge.yaml"), edge));
        out.add(spec("ingest", home.resolve("ingest/examples/ingest.yaml"), ingest));
        out.add(spec("infer", home.resolve("cloud-infer/examples/infer.yaml"), infer));
        out.add(spec("actuate", home.resolve("actuators/examples/actuate.yaml"), actuate));
        if (s.dashboard()) {
            out.add(spec("dashboard", home.resolve("dashboard/examples/dashboard.yaml"), Map.of(
                    "CASCADE_DASHBOARD_NAMESPACE", namespace,
                    "CASCADE_DASHBOARD_KAFKA_BOOTSTRAP", kafka,
                    "CASCADE_DASHBOARD_KAFKA_CLIENT_ID", "dashboard-" + instance,
                    "CASCADE_DASHBOARD_PORT", String.valueOf(FreePort.pick()),
                    "CASCADE_DASHBOARD_PASSWORD", UUID.randomUUID().toString())));
        }
        return out;
    }

    private static RoleSpec spec(String role, Path file, Map<String, String> env) {
        int port = FreePort.pick();
        Map<String, String> e = new HashMap<>(env);
        e.put("CASCADE_" + role.toUpperCase(Locale.ROOT) + "_OPS_PORT", String.valueOf(port));
        return new RoleSpec(role, file, e, port);
    }
}
